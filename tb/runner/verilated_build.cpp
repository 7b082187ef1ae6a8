#include "tb/runner/verilated_build.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "generator/workspace.hpp"

namespace fs = std::filesystem;

namespace bitloom {

namespace {

// Lean model builds: the models are run briefly, so -O1 beats -O3 overall.
const char* kMakeFlags = "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1";

}  // namespace

std::string verilated_build_key() { return first_output_line({"verilator", "--version"}) + kMakeFlags; }

VerilatedExecutable build_verilated(const VerilatedBuild& b) {
  VerilatedExecutable x{b.dir + "/obj/harness", false, 0};
  FileLock lock(b.dir + ".lock");
  if (fs::exists(x.path)) {
    x.reused = true;
    return x;
  }
  fs::remove_all(b.dir);
  const fs::path dir(b.dir);
  const std::string scratch = (dir.parent_path() / ("." + dir.filename().string() + ".building")).string();
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  const auto start = std::chrono::steady_clock::now();
  std::string make_flags = kMakeFlags;
  const char* no_ccache = std::getenv("BITLOOM_NO_CCACHE");
  if (!(no_ccache && *no_ccache) && !find_program("ccache").empty()) make_flags += " OBJCACHE=ccache";
  std::vector<std::string> argv = {
      "verilator", "--cc", "--exe", "--build", "-j", "2", "--prefix", b.prefix, "--top-module", b.top,
      "-Mdir", scratch + "/obj", "-o", "harness",
      "-CFLAGS", fmt::format("-std=c++17 -I{} -DBITLOOM_DUT={} {}", source_dir(), b.prefix, b.cflags),
      "-LDFLAGS", b.ldflags, "-MAKEFLAGS", make_flags};
  if (b.traced) argv.push_back("--trace-fst");
  argv.insert(argv.end(), b.rtl.begin(), b.rtl.end());
  argv.insert(argv.end(), b.sources.begin(), b.sources.end());
  try {
    run_checked("Verilator harness build", argv, {scratch + "/build.log", "", "building " + b.what, 0});
  } catch (const ToolError&) {
    // Keep the log where the message says it is.
    fs::create_directories(b.dir);
    fs::copy_file(scratch + "/build.log", b.dir + "/build.log", fs::copy_options::overwrite_existing);
    fs::remove_all(scratch);
    throw ToolError(fmt::format("the Verilator build of {} failed; see {}/build.log", b.what, b.dir));
  }
  fs::rename(scratch, b.dir);
  x.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return x;
}

}  // namespace bitloom
