// Cycles per operand of a sparse-serial array, as its own Verilator harness measures
// them: the throughput side of a sparse design's area efficiency in the benchmarks.
#pragma once
#include <fmt/format.h>

#include <regex>
#include <stdexcept>
#include <string>

#include "generator/process.hpp"
#include "tb/runner/sim_runner.hpp"

namespace bitloom::bench {

// At sigma = 20: 8 back-to-back tiles of K = 64 on int8 from N(0, 20); the harness
// checks the stream's cycles against the cycle model before it reports them.
inline double measured_cycles_per_operand(const Generated& g) {
  SimOptions o;
  o.gtest_filter = "OsTile.SparseCyclesPerOperandAtTheSigmasOfThePaper";
  o.quiet = true;
  const SimResult r = run_regression(g, o, HarnessTarget::kProtocol);
  // Quiet runs leave the harness output in a log; r.log names it.
  const std::string out = r.log.empty() ? "" : read_text_file(r.log);
  std::smatch m;
  static const std::regex line(R"(sigma 20: ([0-9.]+) cycles per operand measured)");
  if (!r.ok() || !std::regex_search(out, m, line))
    throw std::runtime_error(
        fmt::format("{}: the harness did not report cycles per operand (see {})", g.design.top, r.log));
  return std::stod(m[1]);
}

}  // namespace bitloom::bench
