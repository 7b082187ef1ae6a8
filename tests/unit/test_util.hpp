// Helpers shared by the unit tests: scratch folders and spec files written on the fly.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace bitloom::test {

// Lines joined, one per entry (checker problems in failure messages).
inline std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& x : lines) s += x + "\n";
  return s;
}

// A fresh, empty folder under the system temp dir, removed at the end of the test.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() /
            ("bitloom-test-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string path(const std::string& rel = "") const { return (path_ / rel).string(); }
  std::string write(const std::string& rel, const std::string& text) const {
    std::ofstream(path_ / rel) << text;
    return path(rel);
  }

 private:
  std::filesystem::path path_;
};

// A valid GEMM spec; tests edit it to make it invalid in one way.
inline const char* kValidSpec =
    "kind: gemm\n"
    "arch: systolic_os\n"
    "pe: mac\n"
    "rows: 3\n"
    "cols: 5\n"
    "a: {width: 8, signed: true}\n"
    "b: {width: 8, signed: false}\n"
    "k_max: 1024\n";

}  // namespace bitloom::test
