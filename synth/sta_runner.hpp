// OpenSTA (`sta`) static timing of a synthesized netlist against one clock.
#pragma once
#include <string>

#include "synth/liberty.hpp"

namespace bitloom {

struct TimingReport {
  double clock_ns = 0;
  double input_delay_ns = 0;    // on every input but clk, relative to clk
  double output_delay_ns = 0;   // on every output
  double worst_slack_ns = 0;    // setup; negative when violated
  double wns_ns = 0, tns_ns = 0;
  bool met = false;
  std::string startpoint, endpoint;
  int logic_levels = 0;         // combinational cells on the critical path
  double arrival_ns = 0;        // data arrival time at the endpoint
  std::string sta_log, sdc;
  double peak_mib = 0;          // OpenSTA's peak resident memory
  double estimate_mib = 0;      // what the memory budget reserved for it (memory_budget.hpp)
};

// Writes design.sdc, sta.tcl and sta.log into `run_dir`, the clock on port `clock`.
// Throws ToolError (naming the log) if OpenSTA fails, prints nothing we can read, or
// finds no such port (its flops would be unclocked and every path unconstrained).
TimingReport run_sta(const std::string& run_dir, const std::string& netlist, const std::string& top,
                     const Liberty& lib, double clock_ns, const std::string& clock = "clk");

}  // namespace bitloom
