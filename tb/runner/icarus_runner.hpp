// The second simulator: a design's self-checking Verilog test bench (protocol vectors
// from the golden models) compiled and run in Icarus Verilog.
#pragma once
#include <cstdint>

#include "generator/emit.hpp"
#include "generator/workspace.hpp"
#include "tb/runner/sim_runner.hpp"

namespace bitloom {

// The test bench files of a design (tb/<top>_tb.v, vector files, run_icarus.sh), paths
// relative to an output folder that holds rtl/ beside tb/.
FileSet testbench_files(const Design& d, uint64_t seed);

// Writes the test bench beside the design's RTL in the work folder, compiles it with
// iverilog -g2005 and runs it with vvp. One test: passed or failed.
SimResult run_icarus_testbench(const Generated& g, uint64_t seed);

}  // namespace bitloom
