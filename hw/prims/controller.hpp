// The workload controller: a program of 64-bit instructions in a ROM, run when start_i
// is pulsed. RUN hands a unit its next job (a stage of its table plus loop bounds),
// through a 2-deep queue per unit; SYNC waits until every queue is empty, every unit is
// idle and the DRAM writes are acknowledged, then holds reconfig_cycles more (the units
// switch stage) and counts a phase; WAIT waits as SYNC does but goes straight on (a
// dependency inside a phase, such as a tensor loaded before the task that holds it
// whole); a WAIT with a unit mask waits only for those units (and for the writes if
// asked), so the tasks of a phase that do not depend on them keep running; HALT waits as SYNC does and ends the run (done_o until the next start), so
// done_o means every job has finished and every write landed.
//
// Instruction format (docs/workload_hardware.md):
//   63:62 op (0 RUN, 1 SYNC, 2 HALT, 3 WAIT) | 61:57 unit | 56:52 stage | 51:40 m_bound |
//   39:28 n_bound | 27:14 k_bound | 13:0 offset
// A WAIT's bits 31:0 are its unit mask (0: every unit and the writes, as SYNC), bit 32
// asks a masked WAIT to wait for the writes too.
// A unit's job word (m_run<u>_tdata, 57 bits) is bits 56:0: stage, bounds and offset.
// A unit must drop unit_idle_i[u] by the cycle after it takes a job and keep it low
// until the job is done.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::hw::prims {

struct Instruction {
  enum class Op { kRun = 0, kSync = 1, kHalt = 2, kWait = 3 } op = Op::kHalt;
  int unit = 0, stage = 0;
  int m_bound = 0, n_bound = 0, k_bound = 0, offset = 0;
  uint32_t wait_units = 0;   // WAIT: the units it waits for (0: all of them, and the writes)
  bool wait_writes = false;  // a masked WAIT: also every DRAM write acknowledged
};

// Throws std::logic_error when a field does not fit.
uint64_t encode(const Instruction& i);
Instruction decode(uint64_t word);
// The job word a RUN hands its unit (bits 56:0 of the instruction): what a unit's
// s_job_tdata carries. Throws std::logic_error when a field does not fit.
uint64_t job_word(int stage, int m_bound, int n_bound, int k_bound, int offset);

// The controller for `units` units (1..32) running `program`, and its ROM and queue
// (leaves first).
std::vector<Module> workload_controller(const std::string& name, int units, const std::vector<Instruction>& program,
                                        int reconfig_cycles);

}  // namespace bitloom::hw::prims
