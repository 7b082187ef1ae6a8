// What every job-driven unit of the workload hardware shares: the job register (the
// controller's 57-bit job word, hw/prims/controller.hpp) and the stage table, a case
// over the job's stage that is looked up as the job arrives and held in registers
// <field>_q, so no path of the unit runs through the table.
#pragma once
#include <fmt/format.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::workload_rtl {

template <class Stage>
struct StageField {
  std::string name;
  int width;
  std::function<long long(const Stage&)> value;
};

// Declarations of <field>_d and <field>_q, the table (one case item per stage, every
// field assigned; other stage numbers read `none`) and the registers' loads on job_fire.
template <class Stage>
std::string stage_table_text(const std::vector<StageField<Stage>>& fields, const std::vector<Stage>& stages) {
  std::string decls, loads;
  for (const auto& f : fields) {
    const std::string range = f.width > 1 ? fmt::format("[{}:0] ", f.width - 1) : "";
    decls += fmt::format("  reg  {}{}_d, {}_q;\n", range, f.name, f.name);
    loads += fmt::format("    if (job_fire) {}_q <= {}_d;\n", f.name, f.name);
  }
  auto row = [&](const Stage* c, const std::string& label) {
    std::string r = fmt::format("      {}: begin\n", label);
    for (const auto& f : fields) {
      const long long v = c ? f.value(*c) : 0;
      if (v < 0 || (f.width < 63 && v >= (1LL << f.width)))
        throw std::logic_error(fmt::format("stage table: {} = {} does not fit {} bits", f.name, v, f.width));
      r += fmt::format("        {}_d = {}'d{};\n", f.name, f.width, v);
    }
    return r + "      end\n";
  };
  std::string text = decls + "  always @* begin\n    case (job_stage)\n";
  for (size_t i = 0; i < stages.size(); ++i) text += row(&stages[i], fmt::format("5'd{}", i));
  text += row(nullptr, "default");  // stage numbers past the table: every field 0
  return text + "    endcase\n  end\n  always @(posedge clk_i) begin\n" + loads + "  end\n";
}

// A job word has 5 stage bits: a unit's table holds 1 to 32 stages. Throws
// std::invalid_argument naming the unit kind (`what`) and `name` otherwise.
inline void check_stage_count(const std::string& what, const std::string& name, size_t stages) {
  if (stages == 0 || stages > 32)
    throw std::invalid_argument(fmt::format("{} {}: {} stages (1 .. 32)", what, name, stages));
}

// The job register: busy_q, start_q (the cycle after a job is taken), offset_q and the
// last index of each bound the unit uses (m_last_q; with `tiles`, n_last_q and k_last_q
// too), empty_q (a bound is zero), job_fire, job_stage; it drives s_job_tready and
// idle_o and declares job_done, which the unit drives.
std::string job_register_text(bool tiles);

// A job's walk over its tiles in the unit's order (column tiles outer with panels_q,
// else row tiles outer): the names of the counters (i, j), of their last-index flags and
// of the next tile's wires, which tile_walk_text declares.
struct TileWalk {
  std::string i, j, last_i, last_j, next_i, next_j;
};
std::string tile_walk_text(const TileWalk& t);

// clk_i, rst_ni, the job port s_job_* and idle_o of a job unit.
void add_job_ports(hw::Module& m);

}  // namespace bitloom::workload_rtl
