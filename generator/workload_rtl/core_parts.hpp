// The compute core's parts (compute_core.hpp), each adding its ports, nets, instances or
// Verilog to the core's module. They share the net names listed in core_parts.cpp.
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/compute_core.hpp"
#include "hw/module.hpp"

namespace bitloom::workload_rtl::core {

inline constexpr int kRowBits = 24;      // row and column indices of a stage's output (kMaxDim = 2^20)
inline constexpr int kOperandDepth = 4;  // operand FIFO: a read in flight + two beats keep one beat per cycle

// Every width the parts need.
struct Shape {
  std::string name;
  int lanes = 0, lane_bits = 0;  // L and log2 L
  int cols = 0, passes = 1;      // the array's columns c and L / c passes a tile
  int pass_bits = 0;             // log2 passes
  int panel_depth = 0;           // passes > 1 with a streamed B: the panel store's rows
  int elem = 0, address = 0;     // buffer element and word address widths
  int a = 0, b = 0, acc = 0;     // the array's operand and accumulator widths
  int out = 0;                   // the epilogue's result width
  bool out_signed = true;
  bool out_ring = false;         // some stage writes its results into a block FIFO
  bool out_col_step = false;     // some stage's column tiles are more than a word apart
  // A re-split core whose stages may stream B: it keeps the panel for the later passes.
  bool panel_store() const { return passes > 1 && panel_depth > 0; }
};

// Connects `inst`'s ports to the core's nets (port -> net pairs).
void connect_all(hw::Module& m, hw::Instance& inst, const std::vector<std::pair<const char*, const char*>>& pairs);

// `net` (`from` bits) as `to` bits: zero-extended or cut.
std::string fit(const std::string& net, int from, int to);

// "assign dst lane = {pad{is_signed & sign}, src lane}" for every lane: buffer elements
// to operand width, results to element width.
std::string extend_lanes(const std::string& dst, const std::string& src, int lanes, int from, int to,
                         const std::string& is_signed);

void add_ports(hw::Module& m, const Shape& s);                                        // core_parts.cpp
void add_parts(hw::Module& m, const Shape& s, const std::string& array_top);          // core_parts.cpp
void add_job(hw::Module& m, const Shape& s, const std::vector<CoreStage>& stages);    // core_job.cpp
void add_fetch(hw::Module& m, const Shape& s);                                        // core_fetch.cpp
void add_array_inputs(hw::Module& m, const Shape& s);                                 // core_fetch.cpp
void add_output(hw::Module& m, const Shape& s);                                       // core_output.cpp
// Re-split cores (passes > 1, core_passes.cpp): the lane select into the array, the
// panel store of a streamed B, the rows of a tile's passes merged into L-lane rows.
void add_pass_inputs(hw::Module& m, const Shape& s);
void add_panel_store(hw::Module& m, const Shape& s);
void add_pass_merge(hw::Module& m, const Shape& s);

}  // namespace bitloom::workload_rtl::core
