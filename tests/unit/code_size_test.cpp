// The generator and the flows stay in small pieces: no source file over 300 lines and
// no function over 80 (from its signature to its closing brace). The scan skips
// comments, string literals and raw strings (Verilog text), so braces inside them do
// not count.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

constexpr int kMaxFileLines = 300;
constexpr int kMaxFunctionLines = 80;
// The generator, the IR and the flows (synthesis, timing, simulation runners).
const char* kFolders[] = {"generator", "hw", "synth", "tb/runner", "tb/verilog_tb", "tb/perf_model", "tb/workload", "dse"};

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The source with comments and literals blanked out (newlines kept, so lines still count).
std::string code_only(const std::string& src) {
  std::string out = src;
  size_t i = 0;
  auto blank = [&](size_t from, size_t to) {
    for (size_t k = from; k < to && k < out.size(); ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  while (i < src.size()) {
    if (src.compare(i, 2, "//") == 0) {
      size_t e = src.find('\n', i);
      e = e == std::string::npos ? src.size() : e;
      blank(i, e);
      i = e;
    } else if (src.compare(i, 2, "/*") == 0) {
      size_t e = src.find("*/", i + 2);
      e = e == std::string::npos ? src.size() : e + 2;
      blank(i, e);
      i = e;
    } else if (src[i] == 'R' && i + 1 < src.size() && src[i + 1] == '"' &&
               (i == 0 || !(std::isalnum(static_cast<unsigned char>(src[i - 1])) || src[i - 1] == '_'))) {
      const size_t open = src.find('(', i);
      const std::string delim = ")" + src.substr(i + 2, open - i - 2) + "\"";
      size_t e = src.find(delim, open);
      e = e == std::string::npos ? src.size() : e + delim.size();
      blank(i, e);
      i = e;
    } else if (src[i] == '"' || (src[i] == '\'' && !(i > 0 && std::isxdigit(static_cast<unsigned char>(src[i - 1]))))) {
      const char q = src[i];
      size_t e = i + 1;
      while (e < src.size() && src[e] != q) e += src[e] == '\\' ? 2 : 1;
      blank(i, e + 1);
      i = e + 1;
    } else {
      ++i;
    }
  }
  return out;
}

struct Function {
  int first_line, last_line;
  std::string head;
  // The identifier before the parameter list.
  std::string name() const {
    size_t paren = head.find('(');
    size_t end = paren;
    while (end > 0 && std::isspace(static_cast<unsigned char>(head[end - 1]))) --end;
    size_t start = end;
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(head[start - 1])) || head[start - 1] == '_')) --start;
    return head.substr(start, end - start);
  }
};

// Brace blocks whose header has a parameter list and is not a namespace, class or
// initializer: function bodies (nested blocks belong to them).
std::vector<Function> functions(const std::string& code) {
  std::vector<Function> found;
  int line = 1, depth = 0, body_depth = -1, body_start = 0;
  size_t head_start = 0;
  std::string head;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '\n') ++line;
    if (c == ';' && body_depth < 0) head_start = i + 1;
    if (c == '{') {
      if (body_depth < 0) {
        head = code.substr(head_start, i - head_start);
        const bool scope = head.find("namespace") != std::string::npos || head.find("class ") != std::string::npos ||
                           head.find("struct ") != std::string::npos || head.find("enum ") != std::string::npos ||
                           head.find("extern \"") != std::string::npos;
        const bool initializer = head.find('=') != std::string::npos && head.find("operator") == std::string::npos &&
                                 head.find("= [") == std::string::npos;
        if (!scope && !initializer && head.find('(') != std::string::npos) {
          body_depth = depth;
          body_start = line - static_cast<int>(std::count(head.begin(), head.end(), '\n'));
          // The signature starts on its first non-blank line.
          size_t k = 0;
          while (k < head.size() && std::isspace(static_cast<unsigned char>(head[k]))) {
            if (head[k] == '\n') ++body_start;
            ++k;
          }
        }
      }
      ++depth;
      if (body_depth < 0) head_start = i + 1;
    } else if (c == '}') {
      --depth;
      if (body_depth >= 0 && depth == body_depth) {
        found.push_back({body_start, line, head});
        body_depth = -1;
      }
      if (body_depth < 0) head_start = i + 1;
    }
  }
  return found;
}

}  // namespace

TEST(CodeSize, NoFileOver300LinesNoFunctionOver80) {
  const fs::path root = fs::path(BITLOOM_TEST_DATA).parent_path();
  std::ostringstream problems;
  int files = 0, fns = 0;
  auto report = [&](const std::string& what) { problems << "  " << what << "\n"; };
  for (const char* folder : kFolders)
    for (const auto& e : fs::recursive_directory_iterator(root / folder)) {
      const auto ext = e.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const std::string src = read(e.path());
      const std::string rel = fs::relative(e.path(), root).string();
      ++files;
      const auto lines = std::count(src.begin(), src.end(), '\n');
      if (lines > kMaxFileLines) report(rel + ": " + std::to_string(lines) + " lines");
      for (const Function& f : functions(code_only(src))) {
        ++fns;
        if (f.last_line - f.first_line + 1 > kMaxFunctionLines)
          report(rel + ":" + std::to_string(f.first_line) + ": " + f.name() + " has " +
                                            std::to_string(f.last_line - f.first_line + 1) + " lines");
      }
    }
  EXPECT_GT(files, 50);
  EXPECT_GT(fns, 300);
  EXPECT_TRUE(problems.str().empty()) << "over the size limits:\n" << problems.str();
}
