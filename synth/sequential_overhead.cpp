#include "synth/sequential_overhead.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "generator/process.hpp"
#include "synth/sta_runner.hpp"

namespace fs = std::filesystem;

namespace bitloom {

double sequential_overhead_ns(const Liberty& lib) {
  const std::string dir = fmt::format("{}/liberty/{}-sequential", lib.scratch_dir, lib.sha256.substr(0, 12));
  const std::string cached = dir + "/overhead_ns.txt";
  FileLock lock(dir + ".lock");
  if (fs::exists(cached)) return std::stod(read_text_file(cached));
  fs::create_directories(dir);
  // Flop to flop through nothing but a wire: the whole period minus the slack is the
  // sequential overhead.
  write_text_file(dir + "/pipe.v",
                  "module seq_probe (input wire clk, input wire d, output wire q);\n"
                  "  reg a, b;\n  always @(posedge clk) begin a <= d; b <= a; end\n  assign q = b;\nendmodule\n");
  write_text_file(dir + "/synth.ys", fmt::format("read_verilog pipe.v\nsynth -top seq_probe\ndfflibmap -liberty {0}\n"
                                                 "abc -liberty {0}\nopt_clean -purge\nwrite_verilog -noattr -noexpr netlist.v\n",
                                                 lib.path));
  run_checked("Yosys (sequential overhead of the liberty)", {"yosys", "-q", "-l", "yosys.log", "-s", "synth.ys"},
              {dir + "/yosys.stdout", dir, "", 0});
  const double period = 10.0;
  const TimingReport t = run_sta(dir, dir + "/netlist.v", "seq_probe", lib, period);
  const double overhead = period - t.worst_slack_ns;
  write_text_file(cached, fmt::format("{:.6f}\n", overhead));
  return overhead;
}

}  // namespace bitloom
