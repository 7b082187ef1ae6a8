#include "tb/rtl_test_support.hpp"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>

namespace bitloom::tb {

namespace {
uint64_t g_seed = 1;
std::string g_trace_dir = "traces";

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}
}  // namespace

uint64_t base_seed() { return g_seed; }
std::string trace_dir() { return g_trace_dir; }

void parse_harness_args(int& argc, char** argv) {
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (!std::strncmp(argv[i], "--seed=", 7)) g_seed = std::stoull(argv[i] + 7);
    else if (!std::strncmp(argv[i], "--trace-dir=", 12)) g_trace_dir = argv[i] + 12;
    else argv[out++] = argv[i];
  }
  argc = out;
}

uint64_t test_seed() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name = std::string(info->test_suite_name()) + "." + info->name();
  return g_seed ^ fnv1a(name);
}

void run_scenario(
    const std::function<std::vector<std::string>(uint64_t, const std::string&)>& scenario) {
  const uint64_t seed = test_seed();
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto errors = scenario(seed, "");
  if (errors.empty()) return;
  std::string msg;
  for (const auto& e : errors) msg += "  " + e + "\n";
#if VM_TRACE
  std::filesystem::create_directories(g_trace_dir);
  std::string name = fmt::format("{}.{}", info->test_suite_name(), info->name());
  for (char& c : name)
    if (c == '/') c = '_';
  const std::string path = fmt::format("{}/{}-seed{}.fst", g_trace_dir, name, g_seed);
  const auto again = scenario(seed, path);
  ADD_FAILURE() << "base seed " << g_seed << " (test seed " << seed << ") failed:\n"
                << msg << "rerun with tracing " << (again == errors ? "reproduced it" : "DIFFERED")
                << "; waveform: " << std::filesystem::absolute(path).string();
#else
  (void)info;
  ADD_FAILURE() << "base seed " << g_seed << " (test seed " << seed << ") failed:\n"
                << msg << "(this model has no tracing; bitloom sim reruns failing tests in a traced build)";
#endif
}

}  // namespace bitloom::tb
