#include "generator/array_drain.hpp"

#include <fmt/format.h>

#include "generator/output_queue.hpp"
#include "generator/pe_results.hpp"
#include "hw/fragment.hpp"

namespace bitloom {

std::string drain_note(const GemmConfig& g) {
  if (g.shift_drain())
    return "// drain: shift. A tile's results stay in the accumulators: once the last row is done,\n"
           "// each m_c beat moves every column up one PE and row 0 leaves. The next tile's beats\n"
           "// wait until the whole tile has left (no result registers, no row multiplexers).";
  return "// drain: overlap. A tile's results wait in the PEs' result registers until they have\n"
         "// been sent, so the next tile may stream in while they drain; only its last beat\n"
         "// waits for the drain to finish.";
}

namespace {

int clog2_bits(int n) {
  int b = 1;
  while ((1 << b) < n) ++b;
  return b;
}

// Below the last row the accumulators shift in zeros.
std::string shift_wires(const std::string& names) {
  return fmt::format("  // PE(i, j)'s accumulator at (i*COLS + j)*C_WIDTH; row ROWS is the zeros below the array.\n"
                     "  wire [(ROWS+1)*COLS*C_WIDTH-1:0] {};", names);
}

}  // namespace

std::string result_wires(const GemmConfig& g) {
  if (g.shift_drain()) return shift_wires(carry_save_results(g) ? "pe_sum, pe_carry" : "pe_acc");
  if (carry_save_results(g))
    return "  // PE(i, j)'s finished (sum, carry) pair at (i*COLS + j)*C_WIDTH.\n"
           "  wire [ROWS*COLS*C_WIDTH-1:0]     pe_sum, pe_carry;";
  return "  wire [ROWS*COLS*C_WIDTH-1:0]     pe_result;  // PE(i, j) at (i*COLS + j)*C_WIDTH";
}

bool carry_save_results(const GemmConfig& g) { return g.pe == PeKind::kOpt1 || g.pe == PeKind::kSparseSerial; }

std::string final_adder_name(const GemmConfig& g) { return g.name + "_final_add"; }

std::string shift_reg_name(const GemmConfig& g) { return g.name + "_shift_reg"; }

int drain_latency(const GemmConfig& g) {
  // Overlap: OPT1 registers the selected pair before its adder. Shift: the shift is
  // decided a cycle ahead, and the row passes the output queue.
  if (g.shift_drain()) return 2;
  return carry_save_results(g) ? 1 : 0;
}

namespace {

// Shifts a flush takes after reset: random products may still come in for as long as
// the skew lines and PE chains take to fill with zeros, then every row must shift out.
int flush_shifts(const GemmConfig& g) { return 2 * g.rows + g.cols + 1; }

std::string shift_drain_section(const Design& d, const GemmConfig& g) {
  const int cw = clog2_bits(flush_shifts(g) + 1);
  auto lit = [&](int v) { return fmt::format("{}'d{}", cw, v); };
  std::string v = fmt::format(R"(
  // ---------------------------------------------------------------- result drain
  // The results are the accumulators. Once the last row is done, every column shifts up
  // by one PE per cycle while a two-row output queue has room: row 0 enters the queue,
  // row i+1 takes row i's place, zeros come in below (so the array is clear for the next
  // tile). Each shift is decided a cycle ahead and registered, one copy per column (and
  // one for this control) in a module instance of its own: the shift reaching the PEs
  // comes from a flop near them, not from m_c_tready through a net across the whole
  // array, and with the queue m_c still takes a row per cycle. After reset the array
  // flushes: {flush} shifts whose rows are dropped, so random register contents never
  // reach m_c or the first tile.
  reg  [{cw1}:0] left_q;      // shifts still to happen in this drain
  reg            flush_q;     // the drain is the flush after reset
  wire [1:0]     out_count_d; // rows in the output queue after this cycle
  wire [COLS-1:0] shift_col;  // this cycle's shift, one registered copy per column
  wire [COLS*C_WIDTH-1:0] row0;  // row 0's results
  wire shifting;              // this cycle's shift, the drain control's own copy
  wire out_push = shifting && !flush_q;
  wire [{cw1}:0] left_d = left_q - {{{cw1z}, shifting}};
  // Next cycle's shift: a shift is left and the queue will hold at most one row.
  wire shift_d = rst_n && left_d != {zero} && (flush_q || out_count_d <= 2'd1);
  assign drain_fire = shifting;
  assign drain_last = left_q == {one};
{queue}
  always @(posedge clk) begin
    if (!rst_n) begin
      left_q      <= {flush_lit};
      flush_q     <= 1'b1;
    end else begin
      if (all_done) left_q <= {rows};
      else          left_q <= left_d;
      if (drain_fire && drain_last) flush_q <= 1'b0;
    end
  end

{columns})",
                              fmt::arg("cw1", cw - 1), fmt::arg("cw1z", fmt::format("{}'d0", cw - 1)),
                              fmt::arg("zero", lit(0)), fmt::arg("one", lit(1)), fmt::arg("rows", lit(g.rows)),
                              fmt::arg("flush", flush_shifts(g)), fmt::arg("flush_lit", lit(flush_shifts(g))),
                              fmt::arg("columns", shift_drain_columns(d, g)),
                              fmt::arg("queue", output_queue_instance(d, g, "row0", "drain_last")));
  return v;
}

}  // namespace

namespace {

// The overlap drain's output lanes for MAC PEs: the selected row goes straight out.
const char* overlap_mac_lanes() {
  return R"(
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
}

// The overlap drain's output lanes for carry-save PEs: the selected row's pairs are
// registered, then added.
constexpr const char* kOverlapCarrySaveHead = R"(
  // The selected row's (sum, carry) pairs are registered, then added: the one
  // carry-propagate add per result, one adder per output lane. (Adding before the
  // register instead puts the row multiplexer and the adder on one path, which then
  // sets fmax: 402 vs 427 MHz for 8x8 int8 on osu018.)
  reg out_last_q;
  assign drain_fire = col_fire[0];
  assign m_c_tlast  = out_last_q;
  always @(posedge clk) if (col_fire[0]) out_last_q <= drain_row_q[ROWS-1];

)";

// Column gc's copy of the drain state and its output register; the adder follows.
constexpr const char* kOverlapCarrySaveColumn = R"(      reg [ROWS-1:0] sel_q;
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
)";

std::string overlap_carry_save_lanes(const Design& d, const GemmConfig& g) {
  hw::Fragment f(g.name + " drain columns");
  f.know(module_interface(d, final_adder_name(g)));
  const int lane = g.c_width;
  const hw::Sym cw = hw::Sym::named("C_WIDTH", lane);
  const hw::Expr out = f.for_text("m_c_tdata", g.cols * lane);
  f.items().loop({"gen_drain_col", "gc", hw::Sym::named("COLS", g.cols), [&](hw::LoopBody& b, const hw::Sym& gc) {
                    const hw::Expr sum = b.raw_wire("out_sum_q", lane), carry = b.raw_wire("out_carry_q", lane);
                    b.raw_bits(kOverlapCarrySaveColumn, {sum, carry}, {});
                    hw::Instance add{final_adder_name(g), "u_final_add", "", {}};
                    hw::connect(add, "a_i", sum);
                    hw::connect(add, "b_i", carry);
                    hw::connect(add, "sum_o", hw::part_at(out, gc * cw, cw));
                    b.add(add);
                  }});
  return kOverlapCarrySaveHead + f.checked_text();
}

}  // namespace

std::string drain_section(const Design& d, const GemmConfig& g) {
  if (g.shift_drain()) return shift_drain_section(d, g);
  const bool carry_save = carry_save_results(g);
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
  v += carry_save ? overlap_carry_save_lanes(d, g) : overlap_mac_lanes();
  const std::string token = "@ROTATE@";
  v.replace(v.find(token), token.size(), rotate);
  return v;
}

}  // namespace bitloom
