#include "generator/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include "generator/limits.hpp"
#include "generator/verilog_names.hpp"

namespace bitloom {

namespace {

constexpr const char* kStrTag = "tag:yaml.org,2002:str";

bool quoted(const YAML::Node& n) { return n.Tag() == "!" || n.Tag() == kStrTag; }

// 1-based line and column of a node; yaml-cpp leaves some nodes (null values) unplaced.
YAML::Mark placed(const YAML::Mark& m, const YAML::Mark& fallback) {
  return m.line >= 0 && m.column >= 0 ? m : fallback;
}

}  // namespace

std::string echo(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (static_cast<int>(out.size()) >= limits::kEchoChars) return out + "...";
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') out += static_cast<char>(c);
    else out += fmt::format("\\x{:02x}", c);
  }
  return out;
}

std::string describe_value(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "empty";
    default: return fmt::format(quoted(n) ? "the string '{}'" : "'{}'", echo(n.Scalar()));
  }
}

void fail_at_node(const std::string& file, const YAML::Node& n, const std::string& key,
                  const std::string& reason) {
  const YAML::Mark m = placed(n.Mark(), YAML::Mark());
  throw SpecError(file, std::max(0, m.line) + 1, std::max(0, m.column) + 1, key, reason);
}

YamlReader::YamlReader(std::string file, YAML::Node node, std::string path)
    : file_(std::move(file)), node_(std::move(node)), path_(std::move(path)) {}

std::string YamlReader::full_key(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void YamlReader::fail_at(const YAML::Mark& mark, const std::string& key,
                         const std::string& reason) const {
  // yaml-cpp counts from 0; editors count from 1.
  const YAML::Mark m = placed(mark, placed(node_.Mark(), YAML::Mark()));
  throw SpecError(file_, std::max(0, m.line) + 1, std::max(0, m.column) + 1, key, reason);
}

namespace {

// Edits (insert, delete, substitute, swap two neighbours; case is free) between two
// short key names.
int key_distance(const std::string& a, const std::string& b) {
  const auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// A key that is probably a misspelling of `wanted` (at most two edits, or equal but for
// case and surrounding blanks).
bool looks_like(const std::string& key, const std::string& wanted) {
  if (key == wanted || key.size() > 64) return false;
  std::string trimmed = key;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  return key_distance(trimmed, wanted) <= std::clamp(static_cast<int>(wanted.size()) / 3, 1, 2);
}

}  // namespace

void YamlReader::missing(const std::string& key) const {
  // A required key is usually missing because it is misspelt: name the misspelling.
  for (const auto& kv : node_)
    if (kv.first.IsScalar() && looks_like(kv.first.Scalar(), key))
      fail_at(kv.first.Mark(), echo(full_key(kv.first.Scalar())), fmt::format("unknown key (did you mean '{}'?)", key));
  fail_at(node_.Mark(), full_key(key), "required key is missing");
}

void YamlReader::fail(const std::string& key, const std::string& reason) const {
  YAML::Node v = node_[key];
  fail_at(v ? v.Mark() : node_.Mark(), full_key(key), reason);
}

bool YamlReader::has(const std::string& key) const { return static_cast<bool>(node_[key]); }

YAML::Node YamlReader::value(const std::string& key) {
  known_.insert(key);
  return node_[key];
}

std::optional<long long> YamlReader::integer(const std::string& key, long long lo, long long hi) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  static const std::regex decimal("[-+]?[0-9]+");
  const std::string s = v.IsScalar() ? v.Scalar() : "";
  if (!v.IsScalar() || quoted(v) || !std::regex_match(s, decimal))
    fail(key, fmt::format("expected an integer, got {}", describe_value(v)));
  const size_t digits = s.find_first_not_of("+-");
  if (s.size() - digits > 1 && s[digits] == '0')
    fail(key, fmt::format("'{}' has a leading zero (YAML 1.1 would read it as octal); write it without", echo(s)));
  errno = 0;
  const long long x = std::strtoll(s.c_str(), nullptr, 10);
  if (errno == ERANGE || x < lo || x > hi)
    fail(key, fmt::format("{} is out of range [{}, {}]", echo(s), lo, hi));
  return x;
}

long long YamlReader::integer_or(const std::string& key, long long lo, long long hi,
                                 long long fallback) {
  return integer(key, lo, hi).value_or(fallback);
}

std::optional<double> YamlReader::real(const std::string& key, double lo, double hi) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  static const std::regex number(R"([-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?)");
  const std::string s = v.IsScalar() ? v.Scalar() : "";
  if (!v.IsScalar() || quoted(v) || !std::regex_match(s, number))
    fail(key, fmt::format("expected a number, got {}", describe_value(v)));
  const double x = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(x) || x < lo || x > hi) fail(key, fmt::format("{} is out of range [{}, {}]", echo(s), lo, hi));
  return x;
}

std::optional<std::string> YamlReader::identifier(const std::string& key) {
  auto s = string(key);
  if (!s) return s;
  static const std::regex ident("[A-Za-z_][A-Za-z0-9_]{0,63}");
  if (!std::regex_match(*s, ident))
    fail(key, "must be a Verilog identifier (letters, digits, _; at most 64 characters)");
  if (is_verilog_keyword(*s)) fail(key, fmt::format("'{}' is a Verilog/SystemVerilog reserved word", *s));
  if (auto w = directive_prefix(*s))
    fail(key, fmt::format("'{}' starts with '{}', which tools read as a directive in comments", *s, *w));
  return s;
}

std::optional<bool> YamlReader::boolean(const std::string& key) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  // YAML 1.2's booleans only: yaml-cpp would also take YAML 1.1's yes/no/on/off/y/n,
  // which read as strings elsewhere (`no` is Norway's country code).
  static const std::set<std::string> kTrue = {"true", "True", "TRUE"}, kFalse = {"false", "False", "FALSE"};
  if (!v.IsScalar() || quoted(v) || !(kTrue.count(v.Scalar()) || kFalse.count(v.Scalar())))
    fail(key, fmt::format("expected true or false, got {}", describe_value(v)));
  return kTrue.count(v.Scalar()) > 0;
}

std::optional<std::string> YamlReader::string(const std::string& key) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  if (!v.IsScalar()) fail(key, fmt::format("expected a string, got {}", describe_value(v)));
  return v.Scalar();
}

std::optional<std::string> YamlReader::choice(const std::string& key,
                                              const std::set<std::string>& choices) {
  auto s = string(key);
  if (s && !choices.count(*s)) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    fail(key, fmt::format("'{}' is not one of: {}", echo(*s), list));
  }
  return s;
}

std::optional<YamlReader> YamlReader::mapping(const std::string& key) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  if (!v.IsMap()) fail(key, fmt::format("expected a mapping, got {}", describe_value(v)));
  return YamlReader(file_, v, full_key(key));
}

std::optional<std::vector<YAML::Node>> YamlReader::list(const std::string& key, size_t max_items) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  if (!v.IsSequence()) fail(key, fmt::format("expected a list, got {}", describe_value(v)));
  if (v.size() > max_items) fail(key, fmt::format("has {} items; at most {} are allowed", v.size(), max_items));
  std::vector<YAML::Node> items;
  for (size_t i = 0; i < v.size(); ++i) items.push_back(v[i]);
  return items;
}

void YamlReader::finish() const {
  for (const auto& kv : node_) {
    const std::string k = kv.first.Scalar();
    if (known_.count(k)) continue;
    for (const auto& wanted : known_)
      if (looks_like(k, wanted))
        fail_at(kv.first.Mark(), echo(full_key(k)), fmt::format("unknown key (did you mean '{}'?)", wanted));
    fail_at(kv.first.Mark(), echo(full_key(k)), "unknown key");
  }
}

}  // namespace bitloom
