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
  bool repeatable = false;  // may be given several times (ParsedArgs::all)
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // option -> value ("1" for flags; the last of repeats)
  std::map<std::string, std::vector<std::string>> lists;  // repeatable option -> every value
  std::vector<std::string> all(const std::string& o) const {
    auto it = lists.find(o);
    return it == lists.end() ? std::vector<std::string>{} : it->second;
  }
  bool has(const std::string& o) const { return values.count(o) > 0; }
  std::string get(const std::string& o, const std::string& fallback = "") const {
    auto it = values.find(o);
    return it == values.end() ? fallback : it->second;
  }
  // A finite decimal number in [lo, hi] (no nan, inf or hex).
  double number(const std::string& o, double fallback, double lo = -1e300, double hi = 1e300) const;
  // A decimal integer in [lo, hi] read exactly (no sign for unsigned values, no
  // exponent, no rounding through floating point).
  unsigned long long unsigned_integer(const std::string& o, unsigned long long fallback,
                                      unsigned long long lo = 0,
                                      unsigned long long hi = ~0ULL) const;
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

// `text` as a finite decimal number in [lo, hi]; std::invalid_argument naming `option`.
double parse_number(const std::string& option, const std::string& text, double lo, double hi);

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // a check failed (test, timing, tool)
inline constexpr int kExitBadInput = 2;    // bad spec or bad command line

}  // namespace bitloom::cli
