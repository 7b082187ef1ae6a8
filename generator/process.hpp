// Running external tools (Verilator, Yosys, OpenSTA, ...): argv in, exit code out, with
// the tool's output kept in a log file so that failures can point at it.
#pragma once
#include <string>
#include <vector>

namespace bitloom {

struct RunOptions {
  std::string log_path;     // stdout+stderr go here; empty: inherit the terminal
  std::string cwd;          // empty: current directory
};

// Returns the exit code (128+signal when killed). Throws ToolError if the program
// cannot be started at all.
int run_process(const std::vector<std::string>& argv, const RunOptions& opts = {});

// Runs and throws ToolError("<what> failed (exit N); see LOG") on a non-zero exit.
void run_checked(const std::string& what, const std::vector<std::string>& argv,
                 const RunOptions& opts);

// First line that `argv` prints, or "" when it cannot be run.
std::string first_output_line(const std::vector<std::string>& argv);

// Full path of `program` on PATH, or "" when absent.
std::string find_program(const std::string& program);

// Holds an exclusive lock on `path` (created if needed) for this object's lifetime, so
// that parallel runs (ctest -j) never build into the same folder at once.
class FileLock {
 public:
  explicit FileLock(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

std::string read_text_file(const std::string& path);
void write_text_file(const std::string& path, const std::string& text);

}  // namespace bitloom
