#include "generator/os_array.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/recoder_loops.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/interfaces.hpp"
#include "generator/os_pe_grid.hpp"
#include "generator/pe_modules.hpp"
#include "generator/skew_lines.hpp"
#include "generator/templates.hpp"
#include "generator/tile_array_common.hpp"

namespace bitloom {

namespace {

// Row i of A's digits waits i cycles, column j of B j cycles.
SkewLines a_skew(const GemmConfig& g) { return row_digit_skew(g, "cycles", ""); }
SkewLines b_skew(const GemmConfig& g) {
  return {g.name + "_b_skew", "i cycles (column i of B)", g.b.width, staircase(g.cols), ""};
}

// The first row is out C + 2 cycles after a one-beat tile's beat; a shift drain waits
// for the last row (R - 1 cycles later) and needs no output register for carry-save PEs.
int os_latency(const GemmConfig& g) { return g.cols + 2 + drain_latency(g) + (g.shift_drain() ? g.rows - 1 : 0); }

// Beat flags skewed with the rows, PEs with first/last links and per-row completion:
// the overlap drain reads each row as soon as it is done.
std::string overlap_pe_array(const Design& d, const GemmConfig& g, const std::string& pe_name) {
  const bool one_row = g.rows == 1;
  // Flags enter row 0 one cycle after the beat is taken and row i after i more. first
  // and last are only ever high on a taken beat.
  const std::string first_in = "(beat_fire && first_pending_q)", last_in = "(beat_fire && beat_last)";
  const std::string first_shift = one_row ? first_in : "{first_skew_q[ROWS-2:0], " + first_in + "}";
  const std::string last_shift = one_row ? last_in : "{last_skew_q[ROWS-2:0], " + last_in + "}";
  return fmt::format(R"(
  // Beat flags: bit i is the flag as row i sees it.
  reg [ROWS-1:0] first_skew_q, last_skew_q;
  always @(posedge clk) begin
    if (!rst_n) begin
      first_skew_q <= {{ROWS{{1'b0}}}};
      last_skew_q  <= {{ROWS{{1'b0}}}};
    end else begin
      first_skew_q <= {first_shift};
      last_skew_q  <= {last_shift};
    end
  end

  // ---------------------------------------------------------------- PE array
  // Link (i, j) of a's digits enters PE(i, j) from the left; link (i, COLS) leaves the row.
  // Link (i, j) of b enters PE(i, j) from above; link (ROWS, j) leaves the column.
  // The links leaving the array carry nothing anyone needs, except the last flags that
  // mark a row as finished.
  /* verilator lint_off UNUSED */
  wire [ROWS*(COLS+1)*A_CODE-1:0]  a_link;
  wire [ROWS*(COLS+1)-1:0]         first_link, last_link;
  wire [(ROWS+1)*COLS*B_WIDTH-1:0] b_link;
  /* verilator lint_on UNUSED */
{result_wires}

{grid}
  // Row i is finished when the tile's last beat leaves its rightmost PE.
  wire [ROWS-1:0] row_done;
  generate
    for (gr = 0; gr < ROWS; gr = gr + 1) begin : gen_row_done
      assign row_done[gr] = last_link[gr*(COLS+1)+COLS];
    end
  endgenerate
)",
                     fmt::arg("first_shift", first_shift), fmt::arg("last_shift", last_shift),
                     fmt::arg("result_wires", result_wires(g)), fmt::arg("grid", os_pe_grid(d, g, pe_name)));
}

// PEs that are only datapath (no flags, no reset) and a countdown to the cycle from
// which every PE holds its final result: the shift drain reads the whole array at once.
std::string shift_pe_array(const Design& d, const GemmConfig& g, const std::string& pe_name) {
  int w = 1;
  while ((1 << w) < g.rows + g.cols + 1) ++w;
  return fmt::format(R"(
  // ---------------------------------------------------------------- PE array
  // Link (i, j) of a's digits enters PE(i, j) from the left; link (i, COLS) leaves the row.
  // Link (i, j) of b enters PE(i, j) from above; link (ROWS, j) leaves the column.
  // The links leaving the array carry nothing anyone needs.
  /* verilator lint_off UNUSED */
  wire [ROWS*(COLS+1)*A_CODE-1:0]  a_link;
  wire [(ROWS+1)*COLS*B_WIDTH-1:0] b_link;
  /* verilator lint_on UNUSED */
{result_wires}

{grid}
  // Every PE holds its final result from the cycle after the tile's last beat has
  // passed the bottom-right PE: ROWS + COLS cycles after that beat was taken.
  reg [{w1}:0] done_count_q;
  always @(posedge clk) begin
    if (!rst_n)                      done_count_q <= {w}'d0;
    else if (beat_fire && beat_last) done_count_q <= {w}'d{rc};
    else if (done_count_q != {w}'d0) done_count_q <= done_count_q - {w}'d1;
  end
  wire all_done = done_count_q == {w}'d1;
)",
                     fmt::arg("result_wires", result_wires(g)), fmt::arg("grid", os_pe_grid(d, g, pe_name)),
                     fmt::arg("w1", w - 1), fmt::arg("w", w),
                     fmt::arg("rc", g.rows + g.cols));
}

std::string top_module(const Design& d, const GemmConfig& g, const std::string& pe_name) {
  std::string text = fmt::format(R"(// {top}: {rows}x{cols} output-stationary systolic array of {pe} PEs.
//
// Protocol os_tile. One tile computes C = A*B with A {rows}xK and B Kx{cols}, K >= 1 chosen
// at run time. Beat k of s_a is column k of A (lane i = A[i][k]); beat k of s_b is row k
// of B (lane j = B[k][j]); both take tlast on k = K-1 and are taken together (each
// tready waits for the other stream's tvalid). Results leave on m_c as {rows} beats,
// row 0 first (lane j = C[i][j]), tlast on row {last_row}. Lanes are little-endian:
// lane n is bits [n*W +: W].
//
{drain_note}
// Latency (K = 1, no stalls): {latency} cycles from the s_a beat to the first m_c beat.
{header}{input_control}{empty_note}
  wire [ROWS*A_WIDTH-1:0] a_d = beat_fire ? s_a_tdata : {{(ROWS*A_WIDTH){{1'b0}}}};
{recoders}
  // Operands are registered once, then skewed: row i of A by i cycles, column j of B
  // by j cycles. Datapath registers need no reset: {qualify}.
  reg [ROWS*A_CODE-1:0]  a_in_q;
  reg [COLS*B_WIDTH-1:0] b_in_q;
  always @(posedge clk) begin
    a_in_q <= a_digits;
    b_in_q <= s_b_tdata;
  end

  wire [ROWS*A_CODE-1:0]  a_skewed;
  wire [COLS*B_WIDTH-1:0] b_skewed;
)",
                                 fmt::arg("top", g.name), fmt::arg("rows", g.rows),
                                 fmt::arg("cols", g.cols), fmt::arg("pe", g.pe),
                                 fmt::arg("last_row", g.rows - 1),
                                 fmt::arg("latency", os_latency(g)),
                                 fmt::arg("header", tile_module_header(g)),
                                 fmt::arg("drain_note", drain_note(g)),
                                 fmt::arg("input_control", tile_input_control(g.shift_drain())),
                                 fmt::arg("empty_note", empty_slot_note()),
                                 fmt::arg("qualify", g.shift_drain() ? "the drain clears the accumulators"
                                                                      : "the first and last flags qualify them"),
                                 fmt::arg("recoders", edge_recoders(d, g, pe_name + "_recode", hw::Sym::named("ROWS", g.rows), "a_d", "a_digits")));
  text += skew_instance(d, a_skew(g), "a", "a_in_q", "a_skewed");
  text += skew_instance(d, b_skew(g), "b", "b_in_q", "b_skewed");

  text += g.shift_drain() ? shift_pe_array(d, g, pe_name) : overlap_pe_array(d, g, pe_name);
  text += drain_section(d, g);
  text += "endmodule\n`resetall\n";
  return text;
}

}  // namespace

Design build_os_array(const GemmConfig& g) {
  Design d = os_tile_design(g, os_latency(g));
  add_pe_modules(d, g, "os_pe", 1);
  add_skew_module(d, a_skew(g));
  add_skew_module(d, b_skew(g));
  d.modules.push_back({g.name, "top", top_module(d, g, g.name + "_pe")});
  return d;
}

}  // namespace bitloom
