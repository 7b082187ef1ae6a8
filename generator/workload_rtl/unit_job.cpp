#include "generator/workload_rtl/unit_job.hpp"

namespace bitloom::workload_rtl {

void add_job_ports(hw::Module& m) {
  m.input("clk_i");
  m.input("rst_ni");
  m.input("s_job_tvalid", 1, "a job from the controller's queue");
  m.output("s_job_tready");
  m.input("s_job_tdata", 57, "stage 56:52, m_bound 51:40, n_bound 39:28, k_bound 27:14, offset 13:0");
  m.output("idle_o", 1, "no job in progress");
}

std::string tile_walk_text(const TileWalk& t) {
  return fmt::format("  wire [11:0] {ni} = panels_q ? ({li} ? 12'd0 : {i} + 12'd1) : ({lj} ? {i} + 12'd1 : {i});\n"
                     "  wire [11:0] {nj} = panels_q ? ({li} ? {j} + 12'd1 : {j}) : ({lj} ? 12'd0 : {j} + 12'd1);\n",
                     fmt::arg("i", t.i), fmt::arg("j", t.j), fmt::arg("li", t.last_i), fmt::arg("lj", t.last_j),
                     fmt::arg("ni", t.next_i), fmt::arg("nj", t.next_j));
}

std::string job_register_text(bool tiles) {
  const std::string tile_regs = tiles ? "  reg  [11:0] n_last_q;\n  reg  [13:0] k_last_q;\n"
                                       : "  /* verilator lint_off UNUSEDSIGNAL */\n"
                                         "  wire unused_bounds = |s_job_tdata[39:14];  // n_bound and k_bound: not this unit's\n"
                                         "  /* verilator lint_on UNUSEDSIGNAL */\n";
  const std::string tile_loads = tiles ? "      n_last_q <= s_job_tdata[39:28] - 12'd1;\n"
                                         "      k_last_q <= s_job_tdata[27:14] - 14'd1;\n"
                                       : "";
  const std::string empty = tiles ? "s_job_tdata[51:40] == 12'd0 || s_job_tdata[39:28] == 12'd0 || s_job_tdata[27:14] == 14'd0"
                                  : "s_job_tdata[51:40] == 12'd0";
  return fmt::format(R"(
  // ---------------------------------------------------------------- job
  reg         busy_q;     // a job is in progress
  reg         start_q;    // the job was taken last cycle: set the counters up
  reg  [13:0] offset_q;   // first row tile / row block
  // The last index of each loop, so that counters compare without a subtraction; a
  // job with a zero bound has nothing to do.
  reg  [11:0] m_last_q;
{tile_regs}  reg         empty_q;
  wire job_fire = s_job_tvalid && !busy_q;
  wire job_done;          // driven by the unit: its job's last piece of work is done
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
      offset_q <= s_job_tdata[13:0];
      m_last_q <= s_job_tdata[51:40] - 12'd1;
{tile_loads}      empty_q <= {empty};
    end
  end
)",
                     fmt::arg("tile_regs", tile_regs), fmt::arg("tile_loads", tile_loads), fmt::arg("empty", empty));
}

}  // namespace bitloom::workload_rtl
