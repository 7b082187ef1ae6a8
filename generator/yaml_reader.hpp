// Typed, located access to one YAML mapping of a spec. Every accessor records the key
// as known; finish() then rejects the keys nobody asked for, so unknown keys are errors.
#pragma once
#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>

#include "generator/spec_error.hpp"

namespace bitloom {

class YamlReader {
 public:
  // `path` is the dotted key of this mapping ("" for the document root).
  YamlReader(std::string file, YAML::Node node, std::string path);

  std::optional<long long> integer(const std::string& key, long long lo, long long hi);
  long long integer_or(const std::string& key, long long lo, long long hi, long long fallback);
  std::optional<double> real(const std::string& key, double lo, double hi);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::string> string(const std::string& key);
  // A string that must be a Verilog identifier of at most 64 characters.
  std::optional<std::string> identifier(const std::string& key);
  // A string that must be one of `choices`.
  std::optional<std::string> choice(const std::string& key, const std::set<std::string>& choices);
  std::optional<YamlReader> mapping(const std::string& key);

  // Throws the "missing key" error for `key`, located at this mapping.
  [[noreturn]] void missing(const std::string& key) const;
  // Throws an error for `key`, located at that key's value (or at this mapping).
  [[noreturn]] void fail(const std::string& key, const std::string& reason) const;
  // Rejects any key that no accessor asked for.
  void finish() const;

  bool has(const std::string& key) const;
  const std::string& file() const { return file_; }

 private:
  YAML::Node value(const std::string& key);
  std::string full_key(const std::string& key) const;
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& key,
                            const std::string& reason) const;

  std::string file_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> known_;
};

// Parses `file` and returns a reader on its root mapping; YAML syntax errors become
// SpecErrors with the parser's location.
YamlReader open_spec(const std::string& file);

}  // namespace bitloom
