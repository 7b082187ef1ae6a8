#include "generator/process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "generator/limits.hpp"
#include "generator/spec_error.hpp"

extern char** environ;

namespace bitloom {

namespace {

// Process groups of the tools running now; the signal handler terminates them.
std::array<std::atomic<pid_t>, 64> g_children{};

void forward_and_die(int sig) {
  for (auto& c : g_children) {
    const pid_t pgid = c.load();
    if (pgid > 0) ::kill(-pgid, SIGTERM);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_forwarding() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction sa {};
      sa.sa_handler = forward_and_die;
      sigemptyset(&sa.sa_mask);
      ::sigaction(sig, &sa, nullptr);
    }
  });
}

class ChildSlot {
 public:
  explicit ChildSlot(pid_t pid) {
    for (auto& c : g_children) {
      pid_t empty = 0;
      if (c.compare_exchange_strong(empty, pid)) {
        slot_ = &c;
        return;
      }
    }
  }
  ~ChildSlot() {
    if (slot_) slot_->store(0);
  }

 private:
  std::atomic<pid_t>* slot_ = nullptr;
};

// Prints a line every kProgressSeconds until stopped.
class Heartbeat {
 public:
  explicit Heartbeat(const std::string& label) {
    if (label.empty()) return;
    thread_ = std::thread([this, label] {
      const auto start = std::chrono::steady_clock::now();
      std::unique_lock<std::mutex> lock(mutex_);
      while (!cv_.wait_for(lock, std::chrono::seconds(limits::kProgressSeconds), [this] { return done_; })) {
        const auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
        fmt::print(stderr, "{}: still running ({} s)\n", label, s.count());
        std::fflush(stderr);
      }
    });
  }
  ~Heartbeat() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
};

// Sets this process's soft stack limit for the children it starts (the main thread's
// own stack was fixed when bitloom started, so this changes nothing here).
void raise_stack_limit(std::uint64_t bytes) {
  static std::mutex m;
  std::lock_guard<std::mutex> lock(m);
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_STACK, &rl) != 0) return;
  const rlim_t want = rl.rlim_max == RLIM_INFINITY ? bytes : std::min<rlim_t>(bytes, rl.rlim_max);
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur >= want) return;
  rl.rlim_cur = want;
  ::setrlimit(RLIMIT_STACK, &rl);
}

}  // namespace

std::string describe_exit(int code) {
  if (code <= 128) return fmt::format("exit {}", code);
  const int sig = code - 128;
  const char* name = sigabbrev_np(sig);
  return fmt::format("crashed: signal {} (SIG{})", sig, name ? name : "?");
}

int run_process(const std::vector<std::string>& argv, const RunOptions& opts, std::uint64_t* peak_memory_bytes) {
  install_forwarding();
  if (opts.stack_bytes) raise_stack_limit(opts.stack_bytes);
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
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);  // a group of its own, led by the child

  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw ToolError(fmt::format("cannot run {}: {}", argv[0], std::strerror(rc)));
  ChildSlot slot(pid);
  Heartbeat beat(opts.progress);
  int status = 0;
  struct rusage usage {};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw ToolError(fmt::format("waiting for {} failed", argv[0]));
  }
  if (peak_memory_bytes) *peak_memory_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // KiB
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

namespace {

// The tool's own first error line in its log (Yosys "ERROR:", Verilator "%Error",
// OpenSTA "Error:", Icarus "error:"), so the user sees the cause without opening it.
std::string first_error_line(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string line;
  while (std::getline(in, line))
    if (line.find("ERROR:") != std::string::npos || line.rfind("%Error", 0) == 0 || line.rfind("Error:", 0) == 0 ||
        line.find(": error:") != std::string::npos)
      return line.size() > 200 ? line.substr(0, 200) + "..." : line;
  return "";
}

}  // namespace

void run_checked(const std::string& what, const std::vector<std::string>& argv,
                 const RunOptions& opts, std::uint64_t* peak_memory_bytes) {
  const int rc = run_process(argv, opts, peak_memory_bytes);
  if (rc == 0) return;
  const std::string cause = opts.log_path.empty() ? "" : first_error_line(opts.log_path);
  throw ToolError(fmt::format("{} failed ({}){}; see {}", what, describe_exit(rc), cause.empty() ? "" : ": " + cause,
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

std::string shell_command(const std::vector<std::string>& argv) {
  std::string cmd;
  for (const auto& a : argv) {
    const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                         "0123456789_-+=./:,@%") == std::string::npos;
    std::string q = a;
    if (!plain) {
      q = "'";
      for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      q += "'";
    }
    cmd += (cmd.empty() ? "" : " ") + q;
  }
  return cmd;
}

std::string first_output_line(const std::vector<std::string>& argv) {
  if (find_program(argv[0]).empty()) return "";
  char tmpl[] = "/tmp/bitloom-probe-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) return "";
  ::close(fd);
  std::string line;
  try {
    run_process(argv, {tmpl, "", "", 0});
    std::ifstream in(tmpl);
    std::getline(in, line);
  } catch (const ToolError&) {
  }
  std::remove(tmpl);
  return line;
}

FileLock::FileLock(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
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
  const std::filesystem::path p(path);
  std::filesystem::create_directories(p.parent_path());
  const std::string tmp = fmt::format("{}.tmp-{}-{}", path, ::getpid(),
                                      std::hash<std::thread::id>()(std::this_thread::get_id()) % 100000);
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.flush()) {
      std::filesystem::remove(tmp);
      throw std::runtime_error(fmt::format("cannot write {}", path));
    }
  }
  std::filesystem::rename(tmp, p);
}

}  // namespace bitloom
