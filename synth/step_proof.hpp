// Formal proof, with Yosys's SAT solver, that a carry-save (OPT1) step module computes
// the MAC step: (sum_o + carry_o) == (sum_i + carry_i) + sum_k a_k*b_k mod 2^CW for every
// input. The reference side is plain Verilog arithmetic that shares nothing with the
// generated Booth/compressor netlist.
#pragma once
#include <string>

#include "generator/workspace.hpp"

namespace bitloom {

struct ProofResult {
  // kFailed: SAT found a counterexample (in the log). Tool errors throw instead.
  enum class Status { kProved, kFailed, kTimeout } status = Status::kFailed;
  std::string log;
  double seconds = 0;
};

ProofResult prove_step(const Generated& g, int timeout_seconds = 600);

}  // namespace bitloom
