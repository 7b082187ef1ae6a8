// Typed, located access to one YAML mapping of a spec. Every accessor records the key
// as known; finish() then rejects the keys nobody asked for, so unknown keys are errors.
// Scalars are read strictly: integers are plain decimals (no octal `010`, no hex, no
// quotes), numbers are finite decimals, and bad values are echoed shortened.
#pragma once
#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "generator/kinds.hpp"
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
  // A string that must be a Verilog identifier of at most 64 characters, not a reserved
  // word and not starting with a tool directive word.
  std::optional<std::string> identifier(const std::string& key);
  // A string that must be one of `choices`.
  std::optional<std::string> choice(const std::string& key, const std::set<std::string>& choices);
  // One of the kinds in `allowed`, by its spelling.
  template <class E>
  std::optional<E> kind(const std::string& key, std::initializer_list<E> allowed) {
    return kind(key, std::vector<E>(allowed));
  }
  template <class E>
  std::optional<E> kind(const std::string& key, const std::vector<E>& allowed) {
    std::set<std::string> names;
    for (E e : allowed) names.insert(std::string(name(e)));
    const auto chosen = choice(key, names);
    if (!chosen) return std::nullopt;
    return kind_from_name<E>(*chosen);
  }
  std::optional<YamlReader> mapping(const std::string& key);
  // A list under `key`: each element as a node with its location (see element()).
  std::optional<std::vector<YAML::Node>> list(const std::string& key, size_t max_items);

  // Throws the "missing key" error for `key`, located at this mapping.
  [[noreturn]] void missing(const std::string& key) const;
  // Throws an error for `key`, located at that key's value (or at this mapping).
  [[noreturn]] void fail(const std::string& key, const std::string& reason) const;
  // Rejects any key that no accessor asked for.
  void finish() const;

  bool has(const std::string& key) const;
  const std::string& file() const { return file_; }
  const YAML::Node& node() const { return node_; }
  std::string full_key(const std::string& key) const;

 private:
  YAML::Node value(const std::string& key);
  [[noreturn]] void fail_at(const YAML::Mark& mark, const std::string& key,
                            const std::string& reason) const;

  std::string file_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> known_;
};

// Parses `text` (the contents of `file`) and returns a reader on its root mapping. YAML
// syntax errors, a second document, duplicate keys, keys that are not plain names and
// nesting deeper than limits::kYamlDepth become SpecErrors with their locations.
YamlReader parse_spec_text(const std::string& text, const std::string& file);

// The `kind:` that a spec's text declares, under the same guards as every spec; "" when
// the text does not parse or names none. Nothing else is checked: for routing a file to
// its reader (blocks, workloads, sweeps).
std::string declared_kind(const std::string& text);

// Reads `file` (a regular file of at most limits::kSpecBytes) and parses it.
YamlReader open_spec(const std::string& file);

// Reads a spec file's bytes with the same checks open_spec makes.
std::string read_spec_file(const std::string& file);

// A value as an error message shows it: "'abc'", "a list", "empty"; long or
// non-printable values are shortened and escaped.
std::string describe_value(const YAML::Node& n);

// `text` with every byte outside printable ASCII (and the quote) as \xNN, cut to
// limits::kEchoChars characters with "..." when longer.
std::string echo(const std::string& text);

// Throws a SpecError at `n` (1-based line and column; `n`'s mark when valid).
[[noreturn]] void fail_at_node(const std::string& file, const YAML::Node& n, const std::string& key,
                               const std::string& reason);

}  // namespace bitloom
