#include "tb/runner/icarus_runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "generator/hash.hpp"
#include "generator/process.hpp"
#include "tb/verilog_tb/protocol_vectors.hpp"

namespace fs = std::filesystem;

namespace bitloom {

FileSet testbench_files(const Design& d, uint64_t seed) {
  std::vector<std::string> rtl;
  for (const auto& m : d.modules) rtl.push_back("rtl/" + m.name + ".v");
  const auto files = tb::write_stream_testbench(tb::protocol_vectors(d, seed), rtl);
  return FileSet(files.begin(), files.end());
}

SimResult run_icarus_testbench(const Generated& g, uint64_t seed) {
  SimResult r;
  const FileSet tb = testbench_files(g.design, seed);
  std::string all;
  for (const auto& [path, text] : tb) all += path + '\0' + text + '\0';
  // The bench lives beside a copy of the RTL so that run_icarus.sh works there as is.
  const std::string dir = fmt::format("{}/icarus-{}", g.dir, sha256_hex(all).substr(0, 12));
  FileLock lock(dir + ".lock");
  FileSet files = tb;
  for (const auto& [path, text] : g.files)
    if (path.rfind("rtl/", 0) == 0) files[path] = text;
  if (!file_set_present(dir, files)) {
    fs::remove_all(dir);
    write_file_set(dir, files);
  }
  const std::string top = g.design.top + "_tb";
  std::vector<std::string> compile = {"iverilog", "-g2005", "-o", "tb/" + top + ".vvp", "-s", top};
  for (const auto& m : g.design.modules) compile.push_back("rtl/" + m.name + ".v");
  compile.push_back("tb/" + top + ".v");
  run_checked("Icarus compile of the test bench", compile, {dir + "/icarus-compile.log", dir, "", 0});
  r.log = fmt::format("{}/icarus-seed{}-{}.log", dir, seed, ::getpid());
  const std::vector<std::string> run = {"vvp", "-n", "tb/" + top + ".vvp", fmt::format("+seed={}", seed & 0x7fffffff)};
  r.command = fmt::format("cd {} && {}", dir, shell_command(run));
  r.exit_code = run_process(run, {r.log, dir, fmt::format("simulating {} in Icarus", g.design.top), 0});
  const std::string log = read_text_file(r.log);
  r.tests = 1;
  if (log.find("bitloom-tb: PASS") != std::string::npos && r.exit_code == 0) return r;
  if (log.find("bitloom-tb: FAIL") != std::string::npos) {
    r.failures = 1;
    r.exit_code = 1;
    fmt::print("{}", log);
    return r;
  }
  r.crashed = true;  // vvp ended without its verdict line
  r.failures = 1;
  return r;
}

}  // namespace bitloom
