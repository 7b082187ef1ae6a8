// The workloads the system test runs through the generated workload top: spec, mode and
// the top's name. write_workload_rtl writes their RTL at build time; the tests schedule
// the same specs again for their expectations (the DRAM layout is the generator's
// documented contract; what the DRAM must hold afterwards comes from the golden model).
#pragma once
#include <string>
#include <vector>

#include "generator/workload/scheduler.hpp"
#include "generator/workload_rtl/system.hpp"

namespace bitloom::system_test {

struct SystemCase {
  std::string spec;  // under tests/workload_rtl/specs
  workload::Mode mode;
  std::string prefix = "";          // module names (default: the workload's name)
  workload_rtl::Faults faults = {};  // a mutant: bugs the bench must catch
};

inline std::string spec_path(const SystemCase& c) { return std::string(BITLOOM_WL_SPECS) + "/" + c.spec; }

// chain: X loaded whole, B panels streamed from DRAM (read once), results to the buffer
// then to DRAM. proj: X streamed from DRAM through the A ring, weights loaded whole.
// attn: K read by columns, a softmax between the buffer's rows, unsigned P. enc1: the
// encoder block of examples/enc_tiny.yaml on one core, every unit kind and DRAM path.
// chain2, proj2, enc2, odd2: GEMMs split over two cores (the specs say how); enc2 and
// odd2 are examples/enc_tiny.yaml and bench/workloads/enc_odd.yaml with enc1's shifts
// (every size of odd2 off the lanes). twin: an add whose two inputs share a bank (both
// read as B against one A), one read port each. trio (intar): two GEMMs and a GELU in
// one phase, at once. The intar schedules: attn_i, S through a 2-block FIFO from the GEMM
// to the softmax (3 row blocks, 20 columns: the FIFO wraps on a partial row), Q through
// the A ring, P.V's loads prefetched; twin_i, X kept as p1 streams it (a tee) and loads
// prefetched; enc1_i, enc1 with every FIFO edge (softmax -> GEMM A, GEMM -> add, GELU ->
// GEMM -> add) and three prefetching phases; enc2_i and odd2_i, enc_tiny and enc_odd on
// their two cores: k and v streaming their panels at once through two panel readers.
// split: a one-row MLP whose two cores split every GEMM's column tiles round robin, on a
// DRAM beat of two buffer words (InTAR's mlp in small). half_beat (both modes): B panel and
// result rows of half a DRAM beat (InTAR's self-attention in small). gelu_pair (intar): two
// GELU tasks at once on the two GELU units beside a GEMM.
inline std::vector<SystemCase> system_cases() {
  using workload::Mode;
  return {{"chain.yaml", Mode::kSequential},  {"proj.yaml", Mode::kSequential}, {"attn.yaml", Mode::kSequential},
          {"enc1.yaml", Mode::kSequential},   {"chain2.yaml", Mode::kSequential}, {"proj2.yaml", Mode::kSequential},
          {"enc2.yaml", Mode::kSequential},   {"odd2.yaml", Mode::kSequential}, {"twin.yaml", Mode::kSequential},
          {"trio.yaml", Mode::kIntar},        {"attn.yaml", Mode::kIntar, "attn_i"}, {"twin.yaml", Mode::kIntar, "twin_i"},
          {"enc1.yaml", Mode::kIntar, "enc1_i"},      {"enc2.yaml", Mode::kIntar, "enc2_i"},
          {"odd2.yaml", Mode::kIntar, "odd2_i"},      {"split.yaml", Mode::kSequential},
          {"half_beat.yaml", Mode::kSequential},      {"half_beat.yaml", Mode::kIntar, "half_beat_i"},
          {"gelu_pair.yaml", Mode::kIntar}};
}

// Mutants: each plants one bug the system bench must catch.
inline std::vector<SystemCase> mutant_cases() {
  using workload::Mode;
  workload_rtl::Faults skip, room, rows, keep;
  skip.skip_waits = true;        // chain: f1 starts before X is loaded
  room.ignore_ring_room = true;  // proj: the loader overwrites a ring slot the core still reads
  rows.core_rows_short = true;   // attn_i: s never computes its last row tile, so the softmax
                                 // waits for a block of S that never comes (the watchdog's FIFO dump)
  keep.softmax_keeps_all = true; // attn: the softmax counts the padded columns of S
  workload_rtl::Faults fork, ring0, port;
  fork.fork_waits_for_core0 = true;   // chain2: core 1 misses the B beats core 0 takes first
  ring0.ring_room_of_last_core = true;  // odd2: q's core 1 has 2 of 5 column tiles, and the loader
                                        // overwrites a slot core 0 still reads
  port.add_inputs_one_port = true;    // twin: the add's two inputs, in one bank, collide on one port
  workload_rtl::Faults early, shallow, swapped;
  early.fifo_ready_at_claim = true;   // attn_i: the softmax reads a row block of S the core is still writing
  shallow.fifo_one_shallower = true;  // enc1_i: every FIFO between units one row block short (correct, slow)
  swapped.split_words_swapped = true; // split: each core computes the other core's columns
  workload_rtl::Faults task_wait;
  task_wait.skip_task_waits = true;   // waits: k2 (t1 held whole) starts before k1 has made t1
  return {{"chain.yaml", Mode::kSequential, "mut_skip_wait", skip},
          {"proj.yaml", Mode::kSequential, "mut_ring_room", room},
          {"attn.yaml", Mode::kIntar, "mut_rows_short", rows},
          {"attn.yaml", Mode::kSequential, "mut_keep", keep},
          {"chain2.yaml", Mode::kSequential, "mut_fork", fork},
          {"odd2.yaml", Mode::kSequential, "mut_ring_one_core", ring0},
          {"twin.yaml", Mode::kSequential, "mut_add_port", port},
          {"attn.yaml", Mode::kIntar, "mut_fifo_early", early},
          {"enc1.yaml", Mode::kIntar, "mut_fifo_shallow", shallow},
          {"split.yaml", Mode::kSequential, "mut_split_swapped", swapped},
          {"waits.yaml", Mode::kIntar, "mut_skip_task_wait", task_wait},
          {"follow.yaml", Mode::kIntar, "mut_follow_early", early}};  // k2 reads t1's blocks as the softmax claims them
}

struct Built {
  workload::Workload w;
  workload::Scheduled schedule;
  workload_rtl::SystemRtl rtl;
};

inline Built build(const SystemCase& c) {
  Built b{workload::load_workload(spec_path(c)), {}, {}};
  b.schedule = workload::schedule(b.w, c.mode);
  b.rtl = workload_rtl::workload_system(b.w, b.schedule.plan, c.prefix, c.faults);
  return b;
}

}  // namespace bitloom::system_test
