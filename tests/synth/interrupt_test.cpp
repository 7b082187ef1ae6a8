// Ctrl-C on `bitloom synth` stops the Yosys it started (issue 9: it used to keep running).
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace fs = std::filesystem;
extern char** environ;

namespace {

// Process ids of the tools (yosys, yosys-abc, sta) whose working folder is under `dir`.
std::vector<pid_t> tools_under(const std::string& dir) {
  std::vector<pid_t> found;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code ec;
    const fs::path cwd = fs::read_symlink(e.path() / "cwd", ec);
    if (!ec && cwd.string().rfind(dir, 0) == 0) found.push_back(std::stoi(name));
  }
  return found;
}

}  // namespace

TEST(Interrupt, CtrlCOnSynthStopsYosys) {
  const std::string work = fs::absolute(std::string(BITLOOM_TEST_WORK) + "/interrupt").string();
  fs::remove_all(work);
  const std::string spec = std::string(BITLOOM_TEST_DATA) + "/../bench/specs/os_16x16_i8_opt1.yaml";
  std::vector<std::string> args = {BITLOOM_BINARY, "synth", spec, "--work", work, "--clock-ns", "3"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  // Wait until a tool runs in the work folder (the generator itself takes milliseconds).
  const auto start = std::chrono::steady_clock::now();
  while (tools_under(work).empty() && std::chrono::steady_clock::now() - start < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(tools_under(work).empty()) << "Yosys never started";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << "status " << status;
  // Whatever ran under the work folder is gone within a few seconds.
  const auto stop = std::chrono::steady_clock::now();
  while (!tools_under(work).empty() && std::chrono::steady_clock::now() - stop < std::chrono::seconds(10))
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(tools_under(work).empty());
}
