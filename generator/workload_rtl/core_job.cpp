// The core's job register and stage table: a job's stage row is looked up as the job
// arrives and held in registers (<field>_q), so no path of the core runs through the
// table.
#include <fmt/format.h>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/unit_job.hpp"

namespace bitloom::workload_rtl::core {

namespace {

std::vector<StageField<CoreStage>> stage_fields(const Shape& s) {
  const int ab = s.address, l = s.lanes;
  const long long word_mask = (1LL << ab) - 1;
  std::vector<StageField<CoreStage>> fields{
      {"a_base", ab, [](const CoreStage& c) { return c.a_base; }},
      {"a_pitch", ab, [](const CoreStage& c) { return c.a_pitch; }},
      {"a_block_step", ab, [=](const CoreStage& c) { return c.a_pitch * l & word_mask; }},  // a row tile's words
      {"a_signed", 1, [](const CoreStage& c) { return c.a_signed ? 1LL : 0LL; }},
      {"a_ring", 1, [](const CoreStage& c) { return c.a_ring_blocks > 0 ? 1LL : 0LL; }},
      {"a_ring_end", ab, [=](const CoreStage& c) { return (c.a_base + c.a_ring_blocks * l * c.a_pitch) & word_mask; }},
      {"b_from_stream", 1, [](const CoreStage& c) { return c.b_from_stream ? 1LL : 0LL; }},
      {"b_columns", 1, [](const CoreStage& c) { return c.b_columns ? 1LL : 0LL; }},
      {"b_block_step", ab, [=](const CoreStage& c) { return c.b_pitch * l & word_mask; }},  // a column tile's words
      {"b_base", ab, [](const CoreStage& c) { return c.b_base; }},
      {"b_pitch", ab, [](const CoreStage& c) { return c.b_pitch; }},
      {"b_signed", 1, [](const CoreStage& c) { return c.b_signed ? 1LL : 0LL; }},
      {"out_to_stream", 1, [](const CoreStage& c) { return c.out_to_stream ? 1LL : 0LL; }},
      {"out_base", ab, [](const CoreStage& c) { return c.out_base; }},
      {"out_pitch", ab, [](const CoreStage& c) { return c.out_pitch; }},
      {"out_block_step", ab, [=](const CoreStage& c) { return c.out_pitch * l & word_mask; }},
      {"out_rows", kRowBits, [](const CoreStage& c) { return c.out_rows; }},
      {"out_cols", kRowBits, [](const CoreStage& c) { return c.out_cols; }},
      {"out_last_row", kRowBits, [](const CoreStage& c) { return c.out_rows - 1; }},
      {"shift_value", 6, [](const CoreStage& c) { return static_cast<long long>(c.shift); }},
      {"relu_value", 1, [](const CoreStage& c) { return c.relu ? 1LL : 0LL; }},
      {"panels", 1, [](const CoreStage& c) { return c.panels ? 1LL : 0LL; }},
  };
  if (s.out_ring) {
    fields.push_back({"out_ring", 1, [](const CoreStage& c) { return c.out_ring_blocks > 0 ? 1LL : 0LL; }});
    fields.push_back({"out_ring_end", ab, [=](const CoreStage& c) {
                        return (c.out_base + c.out_ring_blocks * l * c.out_pitch) & word_mask;
                      }});
  }
  if (s.out_col_step)
    fields.push_back({"out_col_step", ab, [](const CoreStage& c) { return c.out_col_step; }});
  return fields;
}

}  // namespace

void add_job(hw::Module& m, const Shape& s, const std::vector<CoreStage>& stages) {
  m.raw(job_register_text(true) + "\n  // ---------------------------------------------------------------- stage table\n" +
            stage_table_text(stage_fields(s), stages) +
            "  assign shift = shift_value_q;\n  assign relu = relu_value_q;\n",
        {"s_job_tready", "idle_o", "shift", "relu"}, {"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata"});
}

}  // namespace bitloom::workload_rtl::core
