#include "generator/yaml_reader.hpp"

#include <cmath>
#include <regex>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace bitloom {

namespace {
std::string kind_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "empty";
    default: return fmt::format("'{}'", n.Scalar());
  }
}
}  // namespace

YamlReader::YamlReader(std::string file, YAML::Node node, std::string path)
    : file_(std::move(file)), node_(std::move(node)), path_(std::move(path)) {}

std::string YamlReader::full_key(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void YamlReader::fail_at(const YAML::Mark& mark, const std::string& key,
                         const std::string& reason) const {
  // yaml-cpp counts from 0; editors count from 1.
  throw SpecError(file_, mark.line + 1, mark.column + 1, key, reason);
}

void YamlReader::missing(const std::string& key) const {
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
  long long x = 0;
  if (!v.IsScalar() || !YAML::convert<long long>::decode(v, x))
    fail(key, fmt::format("expected an integer, got {}", kind_name(v)));
  if (x < lo || x > hi) fail(key, fmt::format("{} is out of range [{}, {}]", x, lo, hi));
  return x;
}

long long YamlReader::integer_or(const std::string& key, long long lo, long long hi,
                                 long long fallback) {
  return integer(key, lo, hi).value_or(fallback);
}

std::optional<double> YamlReader::real(const std::string& key, double lo, double hi) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  double x = 0;
  if (!v.IsScalar() || !YAML::convert<double>::decode(v, x) || !std::isfinite(x))
    fail(key, fmt::format("expected a number, got {}", kind_name(v)));
  if (x < lo || x > hi) fail(key, fmt::format("{} is out of range [{}, {}]", x, lo, hi));
  return x;
}

std::optional<std::string> YamlReader::identifier(const std::string& key) {
  auto s = string(key);
  static const std::regex ident("[A-Za-z_][A-Za-z0-9_]{0,63}");
  if (s && !std::regex_match(*s, ident))
    fail(key, "must be a Verilog identifier (letters, digits, _; at most 64 characters)");
  return s;
}

std::optional<bool> YamlReader::boolean(const std::string& key) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  bool b = false;
  if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b))
    fail(key, fmt::format("expected true or false, got {}", kind_name(v)));
  return b;
}

std::optional<std::string> YamlReader::string(const std::string& key) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  if (!v.IsScalar()) fail(key, fmt::format("expected a string, got {}", kind_name(v)));
  return v.Scalar();
}

std::optional<std::string> YamlReader::choice(const std::string& key,
                                              const std::set<std::string>& choices) {
  auto s = string(key);
  if (s && !choices.count(*s)) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    fail(key, fmt::format("'{}' is not one of: {}", *s, list));
  }
  return s;
}

std::optional<YamlReader> YamlReader::mapping(const std::string& key) {
  YAML::Node v = value(key);
  if (!v) return std::nullopt;
  if (!v.IsMap()) fail(key, fmt::format("expected a mapping, got {}", kind_name(v)));
  return YamlReader(file_, v, full_key(key));
}

void YamlReader::finish() const {
  for (const auto& kv : node_) {
    const std::string k = kv.first.Scalar();
    if (!known_.count(k)) fail_at(kv.first.Mark(), full_key(k), "unknown key");
  }
}

YamlReader open_spec(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SpecError(file, 1, 1, "<file>", "cannot open the spec file");
  std::stringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    throw SpecError(file, e.mark.line + 1, e.mark.column + 1, "<syntax>", e.msg);
  }
  if (!root.IsMap()) throw SpecError(file, 1, 1, "<document>", "a spec must be a YAML mapping");
  return YamlReader(file, root, "");
}

}  // namespace bitloom
