// Shared by the sweep tests: a scratch folder with a base spec and sweep files in it.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace bitloom::test {

class SweepDir {
 public:
  explicit SweepDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() / ("bitloom-dse-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
    write("base.yaml",
          "kind: gemm\narch: systolic_os\npe: mac\nrows: 2\ncols: 2\n"
          "a: {width: 4, signed: true}\nb: {width: 4, signed: true}\nk_max: 16\n");
  }
  ~SweepDir() {
    if (!std::getenv("BITLOOM_KEEP_TEST_DIRS")) std::filesystem::remove_all(path_);
  }
  std::string path(const std::string& rel = "") const { return (path_ / rel).string(); }
  std::string write(const std::string& rel, const std::string& text) const {
    std::ofstream(path_ / rel) << text;
    return path(rel);
  }

 private:
  std::filesystem::path path_;
};

inline std::string dse_test_read(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace bitloom::test
