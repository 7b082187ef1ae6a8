#include "generator/array_drain.hpp"

#include <fmt/format.h>

namespace bitloom {

std::string result_wires(const GemmConfig& g) {
  if (g.pe == "opt1")
    return "  // PE(i, j)'s finished (sum, carry) pair at (i*COLS + j)*C_WIDTH.\n"
           "  wire [ROWS*COLS*C_WIDTH-1:0]     pe_sum, pe_carry;";
  return "  wire [ROWS*COLS*C_WIDTH-1:0]     pe_result;  // PE(i, j) at (i*COLS + j)*C_WIDTH";
}

std::string result_ports(const GemmConfig& g) {
  if (g.pe == "opt1")
    return "          .result_sum_o   (pe_sum[(gr*COLS+gc)*C_WIDTH +: C_WIDTH]),\n"
           "          .result_carry_o (pe_carry[(gr*COLS+gc)*C_WIDTH +: C_WIDTH])";
  return "          .result_o (pe_result[(gr*COLS+gc)*C_WIDTH +: C_WIDTH])";
}

std::string final_adder_name(const GemmConfig& g) { return g.name + "_final_add"; }

int drain_latency(const GemmConfig& g) { return g.pe == "opt1" ? 1 : 0; }

std::string drain_section(const GemmConfig& g) {
  const bool carry_save = g.pe == "opt1";
  const std::string rotate = g.rows == 1 ? "sel_q" : "{sel_q[ROWS-2:0], sel_q[ROWS-1]}";
  std::string v = R"(
  // ---------------------------------------------------------------- result drain
  // Rows finish in order and leave in order. Each output column keeps its own copy of
  // the drain state (a one-hot row select and, for carry-save PEs, the output register's
  // valid bit). The copies see the same inputs and move in lockstep; keeping them apart
  // means no control flop drives more than one column's select and enable pins.
  reg  [ROWS-1:0] row_ready_q;
  wire [COLS-1:0] col_fire;     // column j reads its row out of the PEs this cycle
  wire [ROWS-1:0] drain_row_q;  // column 0's copy of the row select
  assign drain_last = drain_row_q[ROWS-1];

  always @(posedge clk) begin
    if (!rst_n) row_ready_q <= {ROWS{1'b0}};
    else        row_ready_q <= (row_ready_q | row_done) & ~(drain_fire ? drain_row_q : {ROWS{1'b0}});
  end
)";
  if (!carry_save) {
    v += R"(
  assign m_c_tvalid = |(row_ready_q & drain_row_q);
  assign m_c_tlast  = drain_row_q[ROWS-1];
  assign drain_fire = m_c_tvalid && m_c_tready;

  generate
    for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_drain_col
      reg [ROWS-1:0] sel_q;
      reg [C_WIDTH-1:0] lane;
      integer row;
      if (gc == 0) begin : gen_copy_zero
        assign drain_row_q = sel_q;
      end
      assign col_fire[gc] = |(row_ready_q & sel_q) && m_c_tready;
      always @(posedge clk) begin
        if (!rst_n)            sel_q <= {{(ROWS-1){1'b0}}, 1'b1};
        else if (col_fire[gc]) sel_q <= @ROTATE@;
      end
      // One-hot AND-OR select of the row being sent.
      always @* begin
        lane = {C_WIDTH{1'b0}};
        for (row = 0; row < ROWS; row = row + 1)
          lane = lane | (pe_result[(row*COLS+gc)*C_WIDTH +: C_WIDTH] & {C_WIDTH{sel_q[row]}});
      end
      assign m_c_tdata[gc*C_WIDTH +: C_WIDTH] = lane;
    end
  endgenerate
)";
  } else {
    v += R"(
  // The selected row's (sum, carry) pairs are registered, then added: the one
  // carry-propagate add per result, one adder per output lane.
  reg out_last_q;
  assign drain_fire = col_fire[0];
  assign m_c_tlast  = out_last_q;
  always @(posedge clk) if (col_fire[0]) out_last_q <= drain_row_q[ROWS-1];

  generate
    for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_drain_col
      reg [ROWS-1:0] sel_q;
      reg out_valid_q;
      reg [C_WIDTH-1:0] out_sum_q, out_carry_q;
      reg [C_WIDTH-1:0] row_sum, row_carry;
      integer row;
      wire col_available = |(row_ready_q & sel_q);
      wire out_free = !out_valid_q || m_c_tready;
      if (gc == 0) begin : gen_copy_zero
        assign drain_row_q = sel_q;
        assign m_c_tvalid = out_valid_q;
      end
      assign col_fire[gc] = col_available && out_free;
      always @(posedge clk) begin
        if (!rst_n) begin
          sel_q       <= {{(ROWS-1){1'b0}}, 1'b1};
          out_valid_q <= 1'b0;
        end else begin
          if (col_fire[gc]) sel_q <= @ROTATE@;
          if (out_free) out_valid_q <= col_available;
        end
        if (col_fire[gc]) begin
          out_sum_q   <= row_sum;
          out_carry_q <= row_carry;
        end
      end
      always @* begin
        row_sum   = {C_WIDTH{1'b0}};
        row_carry = {C_WIDTH{1'b0}};
        for (row = 0; row < ROWS; row = row + 1) begin
          row_sum   = row_sum   | (pe_sum[(row*COLS+gc)*C_WIDTH +: C_WIDTH] & {C_WIDTH{sel_q[row]}});
          row_carry = row_carry | (pe_carry[(row*COLS+gc)*C_WIDTH +: C_WIDTH] & {C_WIDTH{sel_q[row]}});
        end
      end
      @ADDER@ u_final_add (
        .a_i   (out_sum_q),
        .b_i   (out_carry_q),
        .sum_o (m_c_tdata[gc*C_WIDTH +: C_WIDTH])
      );
    end
  endgenerate
)";
  }
  const std::string token = "@ROTATE@";
  v.replace(v.find(token), token.size(), rotate);
  const std::string adder = "@ADDER@";
  if (v.find(adder) != std::string::npos) v.replace(v.find(adder), adder.size(), final_adder_name(g));
  return v;
}

}  // namespace bitloom
