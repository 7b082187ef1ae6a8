// The workload hardware for one schedule (issue 14): one top that runs the whole workload
// from DRAM to DRAM when start_i is pulsed. It composes the units of this directory: the
// controller with the schedule as its program, the DMA read and write channels, the
// on-chip buffer banks, the compute core around a bitloom os_tile array, the DRAM row
// loader, the B panel reader (and panel buffer) and the result tile writer, with only
// the units and ports the schedule uses. docs/workload_hardware.md has the top's ports,
// the DRAM layout and what the generator supports so far.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "generator/design.hpp"
#include "generator/workload/plan.hpp"
#include "hw/module.hpp"
#include "hw/prims/controller.hpp"

namespace bitloom::workload_rtl {

// A legal schedule the generator cannot build yet; the message names the task or tensor
// and the missing piece.
class UnsupportedSchedule : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Test only: bugs planted in the generated top, so that the system test bench can show
// it catches them (tests/workload_rtl/system_test.cpp). Never set by `bitloom`.
struct Faults {
  bool skip_waits = false;        // no WAIT between a phase's loads and the task that holds them whole
  bool skip_task_waits = false;   // no WAIT before a task holding whole what another task of its phase makes
  bool ignore_ring_room = false;  // the loader refills an A ring slot the core still reads
  bool core_rows_short = false;   // every core job is one row tile short (an off-by-one m_bound)
  bool softmax_keeps_all = false; // the softmax sees tkeep 1 on the padded lanes of a row
  bool fork_waits_for_core0 = false;  // a B panel beat leaves once core 0 has it, whatever core 1 does
  bool ring_room_of_last_core = false;  // the loader refills a ring slot once the last core has freed it
  bool add_inputs_one_port = false;   // an add's two buffer inputs share one bank read port
  bool fifo_ready_at_claim = false;   // a block FIFO's consumer takes a block once claimed, not filled
  bool fifo_one_shallower = false;    // every block FIFO between units holds one row block fewer
  bool split_words_swapped = false;   // a column split's cores take each other's word of a panel beat
  bool any() const {
    return skip_waits || skip_task_waits || ignore_ring_room || core_rows_short || softmax_keeps_all || fork_waits_for_core0 ||
           ring_room_of_last_core || add_inputs_one_port || fifo_ready_at_claim || fifo_one_shallower ||
           split_words_swapped;
  }
};

struct SystemRtl {
  std::string top;                         // the top module's name: <workload>_top
  std::vector<hw::Module> modules;         // leaves first, the top last
  std::vector<bitloom::Design> designs;    // blocks as Verilog text: the cores' os_tile array
                                           // first, then the softmax and GELU units
  std::vector<long long> dram_offset;      // per tensor: bytes from dram_base_i, -1 if never in DRAM
  long long dram_extent = 0;               // bytes from dram_base_i the workload touches
  int data_bytes = 4;                      // DRAM bytes per beat
  std::vector<hw::prims::Instruction> program;
  int banks = 0;                           // buffer banks
  std::vector<long long> bank_words;       // per bank: words stored (of L elements)
  long long buffer_bits = 0;               // bits the banks store (flops on a library without SRAM)
  std::vector<std::string> summary;        // one line per unit and bank, for reports
  std::vector<std::string> fifos;          // the block FIFOs, in dbg_fifos_o's order: what, depth, ends
};

// Throws UnsupportedSchedule for a plan outside what the generator supports. `prefix`
// names every module (default: the workload's name); `faults` is for tests only.
SystemRtl workload_system(const workload::Workload& w, const workload::Plan& p, const std::string& prefix = "",
                          const Faults& faults = {});

}  // namespace bitloom::workload_rtl
