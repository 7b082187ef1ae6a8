// Regression tests for lost or mixed outputs, replay hints and injection (issue 9):
// generate swaps a complete folder in or leaves the old one, cache entries are used
// only when complete, seeds are read exactly, and file names cannot reach the RTL.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "generator/emit.hpp"
#include "generator/process.hpp"
#include "generator/workspace.hpp"
#include "tb/runner/sim_runner.hpp"
#include "tests/unit/test_util.hpp"

using namespace bitloom;
using bitloom::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

int run_cli(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv = {BITLOOM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, {log, "", "", 0});
}

std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), dir).string());
  std::sort(files.begin(), files.end());
  return files;
}

const std::string kOther = std::string(test::kValidSpec) + "name: other_array\n";

}  // namespace

TEST(OutputReliability, GenerateIntoAnotherDesignsFolderReplacesIt) {
  ScratchDir dir("out");
  ASSERT_EQ(run_cli({"generate", dir.write("a.yaml", test::kValidSpec), "-o", dir.path("D")}, dir.path("log")), 0);
  ASSERT_EQ(run_cli({"generate", dir.write("b.yaml", kOther), "-o", dir.path("D")}, dir.path("log")), 0);
  const auto files = listing(dir.path("D"));
  EXPECT_EQ(files, (std::vector<std::string>{"manifest.json", "params.hpp", "rtl/other_array.v",
                                             "rtl/other_array_a_skew.v", "rtl/other_array_b_skew.v", "rtl/other_array_pe.v",
                                             "rtl/other_array_pe_add.v", "rtl/other_array_pe_recode.v",
                                             "rtl/other_array_pe_step.v", "rtl/other_array_pe_step_digits.v"}));
  for (const auto& e : fs::directory_iterator(dir.path()))  // no scratch folders left beside it
    EXPECT_EQ(e.path().filename().string().find(".D.bitloom"), std::string::npos) << e.path();
}

TEST(OutputReliability, GenerateRefusesAFolderOfOtherFiles) {
  ScratchDir dir("out");
  dir.write("notes.txt", "mine");
  EXPECT_EQ(run_cli({"generate", dir.write("a.yaml", test::kValidSpec), "-o", dir.path()}, dir.path("../log-refuse")), 2);
  EXPECT_TRUE(fs::exists(dir.path("notes.txt")));
  EXPECT_FALSE(fs::exists(dir.path("manifest.json")));
  const std::string log = read_text_file(dir.path("../log-refuse"));
  EXPECT_NE(log.find("holds no bitloom output"), std::string::npos) << log;
  fs::remove(dir.path("../log-refuse"));
  // A file where the folder should be is refused too, and kept.
  const std::string file = dir.write("notes2.txt", "mine");
  EXPECT_EQ(run_cli({"generate", dir.path("a.yaml"), "-o", file}, dir.path("../log-refuse")), 2);
  EXPECT_EQ(read_text_file(file), "mine");
  EXPECT_NE(read_text_file(dir.path("../log-refuse")).find("is a file, not a folder"), std::string::npos);
  fs::remove(dir.path("../log-refuse"));
}

TEST(OutputReliability, FailedWriteLeavesTheFolderAsItWas) {
  ScratchDir dir("out");
  ASSERT_EQ(run_cli({"generate", dir.write("a.yaml", test::kValidSpec), "-o", dir.path("D")}, dir.path("log")), 0);
  const std::string before = read_text_file(dir.path("D/manifest.json"));
  // Fault injection: the write fails after the first file of the new design.
  ::setenv("BITLOOM_FAULT_AFTER_FILES", "1", 1);
  const int rc = run_cli({"generate", dir.write("b.yaml", kOther), "-o", dir.path("D")}, dir.path("log"));
  ::unsetenv("BITLOOM_FAULT_AFTER_FILES");
  EXPECT_NE(rc, 0);
  EXPECT_EQ(read_text_file(dir.path("D/manifest.json")), before);
  EXPECT_EQ(listing(dir.path("D")).size(), 10u);
  EXPECT_TRUE(fs::exists(dir.path("D/rtl/gemm_os_3x5_i8u8_mac.v")));
}

TEST(OutputReliability, IncompleteCacheEntryIsRewritten) {
  ScratchDir dir("out");
  const std::string spec = dir.write("a.yaml", test::kValidSpec);
  const Generated g = generate_into_work(spec, dir.path("work"));
  fs::remove(g.gen_dir() + "/rtl/gemm_os_3x5_i8u8_mac.v");
  write_text_file(g.gen_dir() + "/rtl/gemm_os_3x5_i8u8_mac_pe.v", "truncated");
  const Generated again = generate_into_work(spec, dir.path("work"));
  EXPECT_EQ(again.dir, g.dir);
  EXPECT_TRUE(file_set_present(again.gen_dir(), again.files));
}

TEST(OutputReliability, SingleBlockSimOptionsAreRefusedForWorkloads) {
  // They were ignored: --simulator icarus ran the Verilator workload harness anyway.
  ScratchDir dir("out");
  const std::string spec = std::string(BITLOOM_TEST_DATA) + "/../examples/enc_tiny.yaml";
  for (const char* o : {"--simulator", "--filter", "--rtl-dir"}) {
    EXPECT_EQ(run_cli({"sim", spec, o, "x", "--work", dir.path("work")}, dir.path("log")), 2) << o;
    EXPECT_NE(read_text_file(dir.path("log")).find(std::string(o) + " is for single blocks, not workloads"),
              std::string::npos)
        << read_text_file(dir.path("log"));
  }
  EXPECT_FALSE(fs::exists(dir.path("work"))) << "a refused option left work behind";
}

TEST(OutputReliability, SeedsAreReadExactly) {
  ScratchDir dir("out");
  const std::string spec = dir.write("a.yaml", test::kValidSpec);
  EXPECT_EQ(run_cli({"sim", spec, "--seed", "-1", "--lint-only"}, dir.path("log")), 2);
  EXPECT_NE(read_text_file(dir.path("log")).find("--seed: '-1' is not a non-negative integer"), std::string::npos);
  EXPECT_EQ(run_cli({"sim", spec, "--seed", "1e3", "--lint-only"}, dir.path("log")), 2);
  EXPECT_EQ(run_cli({"sim", spec, "--seed", "18446744073709551616", "--lint-only"}, dir.path("log")), 2);
  EXPECT_EQ(run_cli({"accuracy", dir.write("s.yaml", "kind: softmax\nmethod: lut\nmax_len: 8\nx: {width: 8, frac: 4}\n"
                                                    "y: {width: 8, frac: 8}\n"),
                     "--seed", "9007199254740993", "--vectors", "10", "--output", dir.path("acc")},
                    dir.path("log")),
            0);
  // 2^53 + 1 survives the round trip (a double would make it 2^53).
  EXPECT_NE(read_text_file(dir.path("acc/accuracy.json")).find("9007199254740993"), std::string::npos);
}

TEST(OutputReliability, ClockPeriodsMustBeFinite) {
  ScratchDir dir("out");
  const std::string spec = dir.write("a.yaml", test::kValidSpec);
  for (const char* bad : {"inf", "nan", "-5", "0", "1e400", "0x10"}) {
    EXPECT_EQ(run_cli({"synth", spec, "--clock-ns", bad, "--work", dir.path("w")}, dir.path("log")), 2) << bad;
    EXPECT_NE(read_text_file(dir.path("log")).find("--clock-ns"), std::string::npos) << bad;
  }
  EXPECT_EQ(run_cli({"synth", spec, "--sweep-clock", "5,inf", "--work", dir.path("w")}, dir.path("log")), 2);
}

TEST(OutputReliability, SpecFileNameCannotInjectVerilog) {
  ScratchDir dir("out");
  const std::string name = "x\nmodule evil(input a); endmodule\n.yaml";
  const std::string spec = dir.write(name, test::kValidSpec);
  ASSERT_EQ(run_cli({"generate", spec, "-o", dir.path("D")}, dir.path("log")), 0);
  for (const auto& f : listing(dir.path("D"))) {
    const std::string text = read_text_file(dir.path("D/" + f));
    EXPECT_EQ(text.find("\nmodule evil"), std::string::npos) << f;
    if (f.rfind("rtl/", 0) == 0) {
      EXPECT_NE(text.find("x%0Amodule%20evil"), std::string::npos) << f;
    }
  }
}

TEST(OutputReliability, HarnessCrashIsReportedAsACrash) {
  ScratchDir dir("out");
  const Generated g = generate_into_work(dir.write("a.yaml", test::kValidSpec), dir.path("work"));
  // A stand-in harness that dies of a segmentation fault before writing its report.
  const std::string fake = dir.write("harness", "#!/bin/sh\nkill -SEGV $$\n");
  fs::permissions(fake, fs::perms::owner_all);
  const SimResult r = run_harness(g, {fake, false, 0}, SimOptions{});
  EXPECT_TRUE(r.crashed);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(describe_exit(r.exit_code), "crashed: signal 11 (SIGSEGV)");
  EXPECT_NE(r.command.find(fake), std::string::npos);
  // Ending without a report, even with exit 0, is a crash too.
  const std::string quiet = dir.write("quiet", "#!/bin/sh\nexit 0\n");
  fs::permissions(quiet, fs::perms::owner_all);
  EXPECT_TRUE(run_harness(g, {quiet, false, 0}, SimOptions{}).crashed);
}

TEST(OutputReliability, ConcurrentRunsOfOneDesignKeepApartResults) {
  ScratchDir dir("out");
  const Generated g = generate_into_work(dir.write("a.yaml", test::kValidSpec), dir.path("work"));
  const std::string fake = dir.write("harness", "#!/bin/sh\nexit 0\n");
  fs::permissions(fake, fs::perms::owner_all);
  const SimResult a = run_harness(g, {fake, false, 0}, SimOptions{});
  const SimResult b = run_harness(g, {fake, false, 0}, SimOptions{});
  EXPECT_NE(a.results_json, b.results_json);
  EXPECT_NE(a.trace_dir, b.trace_dir);
}

TEST(OutputReliability, SimulationBeyondItsBudgetIsRefusedUpFront) {
  ScratchDir dir("out");
  const std::string base = "kind: gemm\narch: systolic_os\npe: mac\na: {width: 8, signed: true}\n"
                           "b: {width: 8, signed: true}\nk_max: 64\n";
  // A legal 64x64 array whose compressor trees would take Verilator past 4 GiB: refused
  // before Verilator starts, with the limit named.
  const std::string trees = dir.write("trees.yaml", base + "rows: 64\ncols: 64\n");
  EXPECT_EQ(run_cli({"sim", trees, "--work", dir.path("w")}, dir.path("log")), 2);
  const std::string log = read_text_file(dir.path("log"));
  EXPECT_NE(log.find("compressor-tree adders"), std::string::npos) << log;
  EXPECT_NE(log.find("more than the 150000"), std::string::npos) << log;
  for (const auto& f : listing(dir.path("w"))) EXPECT_EQ(f.find("/obj/"), std::string::npos) << f;
}
