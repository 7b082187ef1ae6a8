#include "generator/yaml_reader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
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

// Rejects bytes that are not text: control characters and malformed UTF-8.
void check_text(const std::string& text, const std::string& file) {
  int line = 1, col = 1;
  for (size_t i = 0; i < text.size(); ++i, ++col) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 0;
      continue;
    }
    if (c == '\t' || c == '\r') continue;
    if (c < 0x20 || c == 0x7f)
      throw SpecError(file, line, col, "<file>", fmt::format("not a text file (control byte 0x{:02x})", c));
    if (c < 0x80) continue;
    const int extra = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
    bool ok = extra > 0;
    for (int k = 1; ok && k <= extra; ++k)
      ok = i + k < text.size() && (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (!ok) throw SpecError(file, line, col, "<file>", fmt::format("not UTF-8 text (byte 0x{:02x})", c));
    i += extra;
  }
}

// Depth, size, duplicate keys and key types, over the whole document.
class StructureCheck {
 public:
  explicit StructureCheck(const std::string& file) : file_(file) {}
  void walk(const YAML::Node& n, int depth, const std::string& path) {
    if (++nodes_ > limits::kYamlNodes)
      fail_at_node(file_, n, path.empty() ? "<document>" : path,
                   fmt::format("the spec has more than {} YAML nodes", limits::kYamlNodes));
    if (depth > limits::kYamlDepth)
      fail_at_node(file_, n, path, fmt::format("nested deeper than {} levels", limits::kYamlDepth));
    if (n.IsSequence()) {
      for (size_t i = 0; i < n.size(); ++i) walk(n[i], depth + 1, fmt::format("{}[{}]", path, i));
      return;
    }
    if (!n.IsMap()) return;
    std::map<std::string, int> seen;  // key -> line
    for (const auto& kv : n) {
      if (!kv.first.IsScalar())
        fail_at_node(file_, kv.first, path.empty() ? "<key>" : path + ".<key>",
                     fmt::format("a key must be a plain name, got {}", describe_value(kv.first)));
      const std::string key = kv.first.Scalar();
      const std::string full = path.empty() ? key : path + "." + key;
      auto [it, fresh] = seen.emplace(key, kv.first.Mark().line + 1);
      if (!fresh)
        fail_at_node(file_, kv.first, echo(full), fmt::format("duplicate key (first given on line {})", it->second));
      walk(kv.second, depth + 1, full);
    }
  }

 private:
  const std::string& file_;
  long long nodes_ = 0;
};

// Line of the marker (`---`, or content after a `...` end marker) that starts a
// second document; 0 when there is none. Markers stand at the start of a line.
int second_document_line(const std::string& text) {
  int line = 0;
  bool content = false, started = false, ended = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    const std::string l = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    auto marker = [&](const char* m) {
      return l.rfind(m, 0) == 0 && (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    };
    const bool blank = l.empty() || l[0] == '#' || l.find_first_not_of(" \t\r") == std::string::npos;
    if (marker("---")) {
      if (content || started || ended) return line;
      started = true;
    } else if (marker("...")) {
      ended = true;
    } else if (!blank) {
      if (ended) return line;
      content = true;
    }
  }
  return 0;
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

std::string read_spec_file(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw SpecError(file, 1, 1, "<file>", fmt::format("cannot open the spec file: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) throw SpecError(file, 1, 1, "<file>", "not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > limits::kSpecBytes)
    throw SpecError(file, 1, 1, "<file>", fmt::format("{} bytes is more than the {}-byte limit of a spec",
                                                      st.st_size, limits::kSpecBytes));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw SpecError(file, 1, 1, "<file>", "cannot open the spec file");
  std::string text(limits::kSpecBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > limits::kSpecBytes)
    throw SpecError(file, 1, 1, "<file>", fmt::format("more than the {}-byte limit of a spec", limits::kSpecBytes));
  return text;
}

YamlReader parse_spec_text(const std::string& text, const std::string& file) {
  check_text(text, file);
  // One document only. yaml-cpp's LoadAll loops forever on some malformed input (",{"),
  // so the first document is loaded alone and a second one is found by its marker.
  if (const int line = second_document_line(text))
    throw SpecError(file, line, 1, "<document>", "a spec is one YAML document; a second one begins here");
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's own recursion guard reports itself as "bad file".
    const std::string why = e.msg == "bad file"
                                ? fmt::format("nested deeper than {} levels", limits::kYamlDepth)
                                : e.msg;
    throw SpecError(file, std::max(0, e.mark.line) + 1, std::max(0, e.mark.column) + 1, "<syntax>", why);
  }
  if (!root.IsMap()) throw SpecError(file, 1, 1, "<document>", "a spec must be a YAML mapping");
  StructureCheck(file).walk(root, 1, "");
  return YamlReader(file, root, "");
}

YamlReader open_spec(const std::string& file) { return parse_spec_text(read_spec_file(file), file); }

}  // namespace bitloom
