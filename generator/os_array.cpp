#include "generator/os_array.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/carry_save_step.hpp"
#include "generator/templates.hpp"

namespace bitloom {

namespace {

// Delays lane n of `in` by n cycles into `out` (lane 0 passes straight through):
// the skew that makes operand k reach PE(i,j) at the same cycle from both sides.
std::string skew_block(const std::string& label, const std::string& in, const std::string& out,
                       const std::string& lanes, const std::string& width) {
  return fmt::format(R"(
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_{label}_skew
      if (gl == 0) begin : gen_direct
        assign {out}[0 +: {width}] = {in}[0 +: {width}];
      end else if (gl == 1) begin : gen_delay_one
        reg [{width}-1:0] delay_q;
        always @(posedge clk) delay_q <= {in}[{width} +: {width}];
        assign {out}[{width} +: {width}] = delay_q;
      end else begin : gen_delay_many
        reg [gl*{width}-1:0] delay_q;
        always @(posedge clk) delay_q <= {{delay_q[(gl-1)*{width}-1:0], {in}[gl*{width} +: {width}]}};
        assign {out}[gl*{width} +: {width}] = delay_q[(gl-1)*{width} +: {width}];
      end
    end
  endgenerate
)",
                     fmt::arg("label", label), fmt::arg("in", in), fmt::arg("out", out),
                     fmt::arg("lanes", lanes), fmt::arg("width", width));
}

int os_latency(const GemmConfig& g) { return g.cols + 2 + drain_latency(g); }

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

std::string top_module(const GemmConfig& g, const std::string& pe_name) {
  const bool one_row = g.rows == 1;
  // Flags enter row 0 one cycle after the beat is taken and row i after i more.
  const std::string flag_shift =
      one_row ? "beat_fire" : "{valid_skew_q[ROWS-2:0], beat_fire}";
  const std::string first_shift =
      one_row ? "first_pending_q" : "{first_skew_q[ROWS-2:0], first_pending_q}";
  const std::string last_shift = one_row ? "beat_last" : "{last_skew_q[ROWS-2:0], beat_last}";

  std::string text = fmt::format(R"(// {top}: {rows}x{cols} output-stationary systolic array of {pe} PEs.
//
// Protocol os_tile. One tile computes C = A*B with A {rows}xK and B Kx{cols}, K >= 1 chosen
// at run time. Beat k of s_a is column k of A (lane i = A[i][k]); beat k of s_b is row k
// of B (lane j = B[k][j]); both take tlast on k = K-1 and are taken together (each
// tready waits for the other stream's tvalid). Results leave on m_c as {rows} beats,
// row 0 first (lane j = C[i][j]), tlast on row {last_row}. Lanes are little-endian:
// lane n is bits [n*W +: W].
//
// A tile's results stay in the PEs until they have been sent, so the next tile may
// stream in while they drain; only its last beat waits for the drain to finish.
// Latency (K = 1, no stalls): {latency} cycles from the s_a beat to the first m_c beat.
`resetall
`default_nettype none
module {top} (
  input  wire                      clk,
  input  wire                      rst_n,
  input  wire                      s_a_tvalid,
  output wire                      s_a_tready,
  input  wire                      s_a_tlast,
  input  wire [ROWS*A_WIDTH-1:0]   s_a_tdata,
  input  wire                      s_b_tvalid,
  output wire                      s_b_tready,
  input  wire                      s_b_tlast,
  input  wire [COLS*B_WIDTH-1:0]   s_b_tdata,
  output wire                      m_c_tvalid,
  input  wire                      m_c_tready,
  output wire                      m_c_tlast,
  output wire [COLS*C_WIDTH-1:0]   m_c_tdata
);
  // Array shape (spec: rows, cols).
  localparam integer ROWS = {rows};
  localparam integer COLS = {cols};
  // Operand widths (spec: a.width, b.width) and accumulator width (spec: c_width / k_max).
  localparam integer A_WIDTH = {aw};
  localparam integer B_WIDTH = {bw};
  localparam integer C_WIDTH = {cw};

  genvar gl, gr, gc;

  // ---------------------------------------------------------------- input beats
  reg  tile_pending_q;   // a tile's last beat was taken and its results are not all sent
  reg  first_pending_q;  // the next beat starts a tile
  wire beat_last = s_a_tlast | s_b_tlast;
  // Each PE holds one finished result, so a last beat waits until the previous tile
  // has drained. Other beats never wait.
  wire beat_allowed = !beat_last || !tile_pending_q;
  wire beat_fire = s_a_tvalid && s_b_tvalid && beat_allowed;
  wire drain_fire;   // a row's results are read out of the PEs
  wire drain_last;   // ... and it is the tile's last row
  assign s_a_tready = s_b_tvalid && beat_allowed;
  assign s_b_tready = s_a_tvalid && beat_allowed;

  always @(posedge clk) begin
    if (!rst_n) begin
      first_pending_q <= 1'b1;
      tile_pending_q  <= 1'b0;
    end else begin
      if (beat_fire) first_pending_q <= beat_last;
      if (beat_fire && beat_last) tile_pending_q <= 1'b1;
      else if (drain_fire && drain_last) tile_pending_q <= 1'b0;
    end
  end

  // Operands are registered once, then skewed: row i of A by i cycles, column j of B
  // by j cycles. Datapath registers need no reset; the valid flags qualify them.
  reg [ROWS*A_WIDTH-1:0] a_in_q;
  reg [COLS*B_WIDTH-1:0] b_in_q;
  always @(posedge clk) begin
    a_in_q <= s_a_tdata;
    b_in_q <= s_b_tdata;
  end

  wire [ROWS*A_WIDTH-1:0] a_skewed;
  wire [COLS*B_WIDTH-1:0] b_skewed;
)",
                                 fmt::arg("top", g.name), fmt::arg("rows", g.rows),
                                 fmt::arg("cols", g.cols), fmt::arg("pe", g.pe),
                                 fmt::arg("last_row", g.rows - 1),
                                 fmt::arg("latency", os_latency(g)), fmt::arg("aw", g.a.width),
                                 fmt::arg("bw", g.b.width), fmt::arg("cw", g.c_width));
  text += skew_block("a", "a_in_q", "a_skewed", "ROWS", "A_WIDTH");
  text += skew_block("b", "b_in_q", "b_skewed", "COLS", "B_WIDTH");

  text += fmt::format(R"(
  // Beat flags: bit i is the flag as row i sees it.
  reg [ROWS-1:0] valid_skew_q, first_skew_q, last_skew_q;
  always @(posedge clk) begin
    if (!rst_n) valid_skew_q <= {{ROWS{{1'b0}}}};
    else        valid_skew_q <= {flag_shift};
    first_skew_q <= {first_shift};
    last_skew_q  <= {last_shift};
  end

  // ---------------------------------------------------------------- PE array
  // Link (i, j) enters PE(i, j) from the left; link (i, COLS) leaves the row.
  // Link (i, j) of b enters PE(i, j) from above; link (ROWS, j) leaves the column.
  // The links leaving the array carry nothing anyone needs, except the flags that
  // mark a row as finished.
  /* verilator lint_off UNUSED */
  wire [ROWS*(COLS+1)*A_WIDTH-1:0] a_link;
  wire [ROWS*(COLS+1)-1:0]         valid_link, first_link, last_link;
  wire [(ROWS+1)*COLS*B_WIDTH-1:0] b_link;
  /* verilator lint_on UNUSED */
{result_wires}

  generate
    for (gr = 0; gr < ROWS; gr = gr + 1) begin : gen_row_entry
      assign a_link[gr*(COLS+1)*A_WIDTH +: A_WIDTH] = a_skewed[gr*A_WIDTH +: A_WIDTH];
      assign valid_link[gr*(COLS+1)] = valid_skew_q[gr];
      assign first_link[gr*(COLS+1)] = first_skew_q[gr];
      assign last_link[gr*(COLS+1)]  = last_skew_q[gr];
    end
    for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_col_entry
      assign b_link[gc*B_WIDTH +: B_WIDTH] = b_skewed[gc*B_WIDTH +: B_WIDTH];
    end
    for (gr = 0; gr < ROWS; gr = gr + 1) begin : gen_row
      for (gc = 0; gc < COLS; gc = gc + 1) begin : gen_col
        {pe_name} u_pe (
          .clk_i    (clk),
          .rst_ni   (rst_n),
          .a_i      (a_link[(gr*(COLS+1)+gc)*A_WIDTH +: A_WIDTH]),
          .valid_i  (valid_link[gr*(COLS+1)+gc]),
          .first_i  (first_link[gr*(COLS+1)+gc]),
          .last_i   (last_link[gr*(COLS+1)+gc]),
          .b_i      (b_link[(gr*COLS+gc)*B_WIDTH +: B_WIDTH]),
          .a_o      (a_link[(gr*(COLS+1)+gc+1)*A_WIDTH +: A_WIDTH]),
          .valid_o  (valid_link[gr*(COLS+1)+gc+1]),
          .first_o  (first_link[gr*(COLS+1)+gc+1]),
          .last_o   (last_link[gr*(COLS+1)+gc+1]),
          .b_o      (b_link[((gr+1)*COLS+gc)*B_WIDTH +: B_WIDTH]),
{result_ports}
        );
      end
    end
  endgenerate

  // Row i is finished when the tile's last beat leaves its rightmost PE.
  wire [ROWS-1:0] row_done;
  generate
    for (gr = 0; gr < ROWS; gr = gr + 1) begin : gen_row_done
      assign row_done[gr] = valid_link[gr*(COLS+1)+COLS] && last_link[gr*(COLS+1)+COLS];
    end
  endgenerate
)",
                      fmt::arg("flag_shift", flag_shift), fmt::arg("first_shift", first_shift),
                      fmt::arg("last_shift", last_shift), 
                      fmt::arg("pe_name", pe_name),
                      fmt::arg("result_wires", result_wires(g)),
                      fmt::arg("result_ports", result_ports(g)));
  text += drain_section(g);
  text += "endmodule\n`resetall\n";
  return text;
}

}  // namespace

Design build_os_array(const GemmConfig& g) {
  Design d;
  d.top = g.name;
  d.kind = "gemm";
  d.protocol = "os_tile";
  const std::string pe_name = g.name + "_pe";
  if (g.pe == "opt1") {
    arith::TreeStats st;
    d.modules.push_back(carry_save_step_module(pe_name + "_step", g, 1, &st));
    d.modules.push_back({pe_name, "pe",
                         specialize_template("os_pe_opt1.v", pe_name,
                                             {{"A_WIDTH", g.a.width}, {"B_WIDTH", g.b.width},
                                              {"C_WIDTH", g.c_width}},
                                             {{"os_pe_opt1_step", pe_name + "_step"}})});
    d.tree = {{"heap_height", st.height}, {"stages", st.stages}, {"stage_lower_bound", st.lower_bound},
              {"full_adders", st.full_adders}, {"half_adders", st.half_adders}};
  } else {
    d.modules.push_back({pe_name, "pe",
                         specialize_template("os_pe_mac.v", pe_name,
                                             {{"A_WIDTH", g.a.width},
                                              {"A_SIGNED", g.a.is_signed},
                                              {"B_WIDTH", g.b.width},
                                              {"B_SIGNED", g.b.is_signed},
                                              {"C_WIDTH", g.c_width}})});
  }
  d.modules.push_back({g.name, "top", top_module(g, pe_name)});
  d.latency_cycles = os_latency(g);
  d.latency_cycles_per_k = 1;
  d.macs_per_beat = static_cast<long long>(g.rows) * g.cols;
  d.params = {{"arch", g.arch},         {"pe", g.pe},
              {"rows", g.rows},         {"cols", g.cols},
              {"k_per_beat", g.k_per_beat},
              {"a_width", g.a.width},   {"a_signed", g.a.is_signed},
              {"b_width", g.b.width},   {"b_signed", g.b.is_signed},
              {"c_width", g.c_width},   {"c_signed", g.c_signed()},
              {"k_max", g.k_max},       {"c_width_explicit", g.c_width_explicit}};
  return d;
}

}  // namespace bitloom
