#include "generator/process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "generator/spec_error.hpp"

extern char** environ;

namespace bitloom {

int run_process(const std::vector<std::string>& argv, const RunOptions& opts) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!opts.log_path.empty()) {
    std::filesystem::create_directories(std::filesystem::path(opts.log_path).parent_path());
    posix_spawn_file_actions_addopen(&actions, 1, opts.log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
  }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (!opts.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, opts.cwd.c_str());

  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw ToolError(fmt::format("cannot run {}: {}", argv[0], std::strerror(rc)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw ToolError(fmt::format("waiting for {} failed", argv[0]));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

void run_checked(const std::string& what, const std::vector<std::string>& argv,
                 const RunOptions& opts) {
  const int rc = run_process(argv, opts);
  if (rc != 0)
    throw ToolError(fmt::format("{} failed (exit {}); see {}", what, rc,
                                opts.log_path.empty() ? "the output above" : opts.log_path));
}

std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string p = dir + "/" + program;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

std::string first_output_line(const std::vector<std::string>& argv) {
  if (find_program(argv[0]).empty()) return "";
  char tmpl[] = "/tmp/bitloom-probe-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) return "";
  ::close(fd);
  std::string line;
  try {
    run_process(argv, {tmpl, ""});
    std::ifstream in(tmpl);
    std::getline(in, line);
  } catch (const ToolError&) {
  }
  std::remove(tmpl);
  return line;
}

FileLock::FileLock(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
  if (fd_ >= 0) ::flock(fd_, LOCK_EX);
}

FileLock::~FileLock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text_file(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error(fmt::format("cannot write {}", path));
}

}  // namespace bitloom
