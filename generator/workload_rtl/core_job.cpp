// The core's job register and stage table: a job's stage row is looked up as the job
// arrives and held in registers (<field>_q), so no path of the core runs through the
// table.
#include <fmt/format.h>

#include <functional>

#include "generator/workload_rtl/core_parts.hpp"

namespace bitloom::workload_rtl::core {

namespace {

struct Field {
  std::string name;
  int width;
  std::function<long long(const CoreStage&)> value;
};

std::vector<Field> stage_fields(const Shape& s) {
  const int ab = s.address, l = s.lanes;
  const long long word_mask = (1LL << ab) - 1;
  return {
      {"a_base", ab, [](const CoreStage& c) { return c.a_base; }},
      {"a_pitch", ab, [](const CoreStage& c) { return c.a_pitch; }},
      {"a_block_step", ab, [=](const CoreStage& c) { return c.a_pitch * l & word_mask; }},  // a row tile's words
      {"a_signed", 1, [](const CoreStage& c) { return c.a_signed ? 1LL : 0LL; }},
      {"b_from_stream", 1, [](const CoreStage& c) { return c.b_from_stream ? 1LL : 0LL; }},
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
}

// Declarations of <field>_d and <field>_q, the table (one case item per stage, every
// field assigned) and the registers' loads.
std::string stage_table(const Shape& s, const std::vector<CoreStage>& stages) {
  const auto fields = stage_fields(s);
  std::string decls, loads, text;
  for (const Field& f : fields) {
    const std::string range = f.width > 1 ? fmt::format("[{}:0] ", f.width - 1) : "";
    decls += fmt::format("  reg  {}{}_d, {}_q;\n", range, f.name, f.name);
    loads += fmt::format("    if (job_fire) {}_q <= {}_d;\n", f.name, f.name);
  }
  auto row = [&](const CoreStage& c, const std::string& label) {
    std::string r = fmt::format("      {}: begin\n", label);
    for (const Field& f : fields) r += fmt::format("        {}_d = {}'d{};\n", f.name, f.width, f.value(c));
    return r + "      end\n";
  };
  text = decls + "  always @* begin\n    case (job_stage)\n";
  for (size_t i = 0; i < stages.size(); ++i) text += row(stages[i], fmt::format("5'd{}", i));
  text += row(CoreStage{}, "default");
  text += "    endcase\n  end\n  always @(posedge clk_i) begin\n" + loads + "  end\n";
  return text;
}

}  // namespace

void add_job(hw::Module& m, const Shape& s, const std::vector<CoreStage>& stages) {
  m.raw(fmt::format(R"(
  // ---------------------------------------------------------------- job
  reg         busy_q;     // a job is in progress
  reg         start_q;    // the job was taken last cycle: set the counters up
  reg  [13:0] offset_q;   // first row tile
  // The last index of each loop (row tiles, column tiles, K), so that the counters
  // compare without a subtraction; a job with a zero bound has nothing to do.
  reg  [11:0] m_last_q, n_last_q;
  reg  [13:0] k_last_q;
  reg         empty_q;
  wire job_fire = s_job_tvalid && !busy_q;
  wire job_done;          // the job's last result leaves
  wire [4:0] job_stage = s_job_tdata[56:52];
  assign s_job_tready = !busy_q;
  assign idle_o = !busy_q;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      start_q <= 1'b0;
    end else begin
      start_q <= job_fire;
      if (job_fire) busy_q <= 1'b1;
      else if (job_done) busy_q <= 1'b0;
    end
    if (job_fire) begin
      empty_q <= s_job_tdata[51:40] == 12'd0 || s_job_tdata[39:28] == 12'd0 || s_job_tdata[27:14] == 14'd0;
      offset_q <= s_job_tdata[13:0];
      m_last_q <= s_job_tdata[51:40] - 12'd1;
      n_last_q <= s_job_tdata[39:28] - 12'd1;
      k_last_q <= s_job_tdata[27:14] - 14'd1;
    end
  end

  // ---------------------------------------------------------------- stage table
{table}  assign shift = shift_value_q;
  assign relu = relu_value_q;
)",
                    fmt::arg("table", stage_table(s, stages))),
        {"s_job_tready", "idle_o", "shift", "relu"}, {"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata"});
}

}  // namespace bitloom::workload_rtl::core
