// A bitloom subcommand. Its option table is both the parser and the --help text, so
// the two cannot drift apart (after Yosys's Pass::help()).
#pragma once
#include <map>
#include <string>
#include <vector>

namespace bitloom::cli {

struct Option {
  std::string name;         // "--clock-ns"
  std::string value_name;   // "NS"; empty for a flag
  std::string help;
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // option -> value ("1" for flags)
  bool has(const std::string& o) const { return values.count(o) > 0; }
  std::string get(const std::string& o, const std::string& fallback = "") const {
    auto it = values.find(o);
    return it == values.end() ? fallback : it->second;
  }
  double number(const std::string& o, double fallback) const;
};

struct Command {
  std::string name;
  std::string usage;        // "SPEC.yaml [-o DIR]"
  std::string summary;
  std::string description;
  std::vector<Option> options;
  int min_positional = 1;
  int max_positional = 1;
  int (*run)(const ParsedArgs&) = nullptr;

  std::string help() const;
  // Throws std::invalid_argument with a message for the user.
  ParsedArgs parse(const std::vector<std::string>& args) const;
};

const std::vector<Command>& all_commands();

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // a check failed (test, timing, tool)
inline constexpr int kExitBadInput = 2;    // bad spec or bad command line

}  // namespace bitloom::cli
