// Reading a spec file as one YAML document: its bytes, size and text checked, one
// document only, and its structure (duplicate keys, key kinds, depth) before any key is
// read.
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "generator/limits.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom {

namespace {

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

std::string declared_kind(const std::string& text) {
  try {
    const YamlReader root = parse_spec_text(text, "");
    const YAML::Node kind = root.node()["kind"];
    return kind && kind.IsScalar() ? kind.Scalar() : "";
  } catch (const SpecError&) {
    return "";
  }
}

}  // namespace bitloom
