// Running external tools (Verilator, Yosys, OpenSTA, ...): argv in, exit code out, with
// the tool's output kept in a log file so that failures can point at it.
//
// Every tool runs in a process group of its own. bitloom forwards SIGINT, SIGTERM and
// SIGHUP to those groups before it dies, so Ctrl-C never leaves a Yosys (or the ABC it
// started) running behind it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bitloom {

struct RunOptions {
  std::string log_path;     // stdout+stderr go here; empty: inherit the terminal
  std::string cwd;          // empty: current directory
  // Non-empty: while the tool runs, print "<progress>: still running (N s)" to stderr
  // every limits::kProgressSeconds, so no command is silent for long.
  std::string progress;
  // Non-zero: the child's stack limit (RLIMIT_STACK), in bytes.
  std::uint64_t stack_bytes = 0;
};

// Returns the exit code (128+signal when killed). Throws ToolError if the program
// cannot be started at all. `peak_memory_bytes`, when given, receives the tool's peak
// resident memory (of its largest process).
int run_process(const std::vector<std::string>& argv, const RunOptions& opts = {},
                std::uint64_t* peak_memory_bytes = nullptr);

// Runs and throws ToolError("<what> failed (exit N); see LOG") on a non-zero exit, and
// names the signal when the tool crashed.
void run_checked(const std::string& what, const std::vector<std::string>& argv,
                 const RunOptions& opts, std::uint64_t* peak_memory_bytes = nullptr);

// "exit 3", or "crashed: signal 11 (SIGSEGV)" for codes above 128.
std::string describe_exit(int code);

// First line that `argv` prints, or "" when it cannot be run.
std::string first_output_line(const std::vector<std::string>& argv);

// Full path of `program` on PATH, or "" when absent.
std::string find_program(const std::string& program);

// The command line as a shell would take it (arguments quoted where needed).
std::string shell_command(const std::vector<std::string>& argv);

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
// Writes `text` to a temporary file beside `path` and renames it into place, so a
// reader sees the old file or the whole new one, never a part.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace bitloom
