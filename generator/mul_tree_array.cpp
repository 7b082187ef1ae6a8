#include "generator/mul_tree_array.hpp"

#include <fmt/format.h>

#include "generator/arith/prefix_adder.hpp"
#include "generator/array_drain.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/interfaces.hpp"
#include "generator/mul_tree_grid.hpp"
#include "generator/mul_tree_dot.hpp"
#include "generator/mul_tree_pe.hpp"
#include "generator/output_queue.hpp"
#include "generator/pe_modules.hpp"
#include "generator/recoder_loops.hpp"
#include "generator/ws_stream_common.hpp"
#include "hw/fragment.hpp"

namespace bitloom {

namespace {

// s_a beat taken at edge 0 (stage 0), moved to the columns' input at edge 1 (where a
// binding beat swaps the weights in), the column's result registered at edge 2 and put
// into the output buffer at edge 3; the first handshake can happen on the next edge.
constexpr int kMulTreeLatency = 4;

// The tree's own words on its weights and timing, after the shared contract.
constexpr const char* kMulTreeNote = R"(
// Weights are double-buffered: the next set loads into each column's shadow registers
// while the tree computes, and a binding row swaps it in as it enters the columns. Every
// column computes its whole dot product in one step: there is no skew. The datapath moves
// only when `advance` is high; advance is registered, one copy per column, and a two-row
// output buffer absorbs the row that arrives while it reacts.
// Latency (no stalls): {latency} cycles from an s_a beat to its m_c beat.
)";

// From the weight and row registers to the end of the columns.
constexpr const char* kTop = R"(
  // ---------------------------------------------------------------- weights and rows
  reg  shadow_full_q;   // the shadow registers hold a complete set not yet swapped in
  reg  have_weights_q;  // a set has been swapped in since reset
  reg  batch_start_q;   // the next s_a beat starts a batch
  // Stage 0 (a_in_q) and stage 1 (a_col_q, the columns' input) with their beat flags;
  // stage 2 is the columns' result registers.
  reg  [KH*A_WIDTH-1:0] a_in_q;
{col_regs}
  reg  valid0_q, valid1_q, valid2_q;
  reg  last0_q, last1_q, last2_q;
  reg  swap0_q;         // the row in stage 0 binds the shadow set: it swaps on its next step
  // No weight beat enters while the shadow is full or about to be copied.
  assign s_w_tready = !shadow_full_q && !swap0_q;
  wire w_fire = s_w_tvalid && s_w_tready;
  // The shift copies are plain flops (one module each, so synthesis keeps them apart),
  // a cycle behind w_fire like the data in w_in_q: the reset is folded into their input.
  wire w_shift_d = rst_n && w_fire;
  wire [COLS-1:0] w_shift_col;
  reg  [COLS*B_WIDTH-1:0] w_in_q;
{binding}
{recoders}{row_copies}  always @(posedge clk) begin
    w_in_q <= s_w_tdata;
    if (advance) begin
      a_in_q  <= s_a_tdata;
      last0_q <= s_a_tlast;
      last1_q <= last0_q;
      last2_q <= last1_q;
    end
    if (!rst_n) begin
      shadow_full_q  <= 1'b0;
      have_weights_q <= 1'b0;
      batch_start_q  <= 1'b1;
      swap0_q        <= 1'b0;
      valid0_q       <= 1'b0;
      valid1_q       <= 1'b0;
      valid2_q       <= 1'b0;
    end else begin
      if (a_fire) batch_start_q <= s_a_tlast;
      if (advance) begin
        swap0_q  <= a_fire && swap_now;
        valid0_q <= a_fire;
        valid1_q <= valid0_q;
        valid2_q <= valid1_q;
      end
      if (a_fire && swap_now) begin
        shadow_full_q  <= 1'b0;
        have_weights_q <= 1'b1;
      end else if (w_fire && s_w_tlast) begin
        shadow_full_q <= 1'b1;
      end
    end
  end

  // ---------------------------------------------------------------- columns
  wire [COLS*C_WIDTH-1:0] pe_sum;{carry_wire}
  wire [COLS*C_WIDTH-1:0] column_sum;
{columns}
  assign out_push = advance && valid2_q;
  always @(posedge clk) advance <= advance_d;
)";

std::string row_reg_name(const GemmConfig& g) { return g.name + "_row_reg"; }

// Stage 1 (the row's digits as the columns see them) comes in register copies, one per
// kRegisterCopyFanout columns, each with its own copy of `advance`.
std::string stage1_declarations(const ColumnDatapath& col) {
  return fmt::format(
      "  // Stage 1, the row's {0} digits {{neg, two, one}}, comes in copies, one per FANOUT columns:\n"
      "  // each a module of its own with its own copy of `advance`, so that synthesis keeps\n"
      "  // them apart and no flop drives every column.\n"
      "  localparam integer FANOUT = {1};\n"
      "  localparam integer COPIES = (COLS + FANOUT - 1) / FANOUT;\n"
      "  localparam integer DIGITS = {2};  // {0} digits per activation\n"
      "  localparam integer ROW_BITS = 3*KH*DIGITS;\n"
      "  wire [COPIES*ROW_BITS-1:0] row_col_q;  // copy k at k*ROW_BITS",
      col.digit_kind, kRegisterCopyFanout, col.digits);
}

std::string stage1_copies(const Design& d, const GemmConfig& g, int digits) {
  hw::Fragment f(g.name + " row copies");
  f.know(module_interface(d, row_reg_name(g)));
  const int row_bits = 3 * g.rows * digits, copies = (g.cols + kRegisterCopyFanout - 1) / kRegisterCopyFanout;
  const hw::Sym bits = hw::Sym::named("ROW_BITS", row_bits);
  const hw::Expr clk = f.from_text("clk", 1), advance_d = f.from_text("advance_d", 1);
  const hw::Expr row = hw::concat({f.from_text("neg_d", g.rows * digits), f.from_text("two_d", g.rows * digits),
                                   f.from_text("one_d", g.rows * digits)});
  const hw::Expr copy_q = f.for_text("row_col_q", copies * row_bits);
  f.items().loop({"gen_row_copy", "gk", hw::Sym::named("COPIES", copies), [&](hw::LoopBody& b, const hw::Sym& gk) {
                    hw::Instance reg{row_reg_name(g), "u_row_reg", "", {}};
                    hw::connect(reg, "clk_i", clk);
                    hw::connect(reg, "en_d_i", advance_d);
                    hw::connect(reg, "d_i", row);
                    hw::connect(reg, "q_o", hw::part_at(copy_q, gk * bits, bits));
                    b.add(reg);
                  }});
  return f.checked_text() + "\n";
}

// Each activation of the row recoded once, into neg_d, one_d and two_d (declared by the text).
std::string activation_recoders(const Design& d, const GemmConfig& g, const std::string& recoder, int digits) {
  const hw::Sym aw = hw::Sym::named("A_WIDTH", g.a.width), digit = hw::Sym::named("DIGITS", digits);
  auto wiring = [&](hw::Fragment& f) {
    const hw::Expr a = f.from_text("a_in_q", g.rows * g.a.width);
    const hw::Expr neg = f.for_text("neg_d", g.rows * digits), one = f.for_text("one_d", g.rows * digits),
                   two = f.for_text("two_d", g.rows * digits);
    return [=](const hw::Sym& gk) {
      return RecoderPorts{hw::part_at(a, gk * aw, aw), hw::part_at(neg, gk * digit, digit),
                          hw::part_at(one, gk * digit, digit), hw::part_at(two, gk * digit, digit)};
    };
  };
  return recoder_loop(d, recoder, "gk", hw::Sym::named("KH", g.rows), wiring);
}

std::string top_module(const Design& d, const GemmConfig& g, const std::string& pe_name, const std::string& step,
                       const ColumnDatapath& col) {
  const bool carry_save = col.carry_save;
  const std::string recoders =
      fmt::format("  // Each activation is recoded into {} digits once, for all the columns.\n"
                  "  wire [KH*DIGITS-1:0] one_d, two_d, neg_d;\n",
                  col.digit_kind) +
      activation_recoders(d, g, step + "_recode", col.digits) +
      "\n";
  std::string text = fmt::format("// {}: {}-deep multiplier-adder tree with {} columns of {} datapaths.\n//\n", g.name,
                                 g.rows, g.cols, g.pe);
  text += ws_stream_contract(g);
  text += fmt::format(fmt::runtime(kMulTreeNote), fmt::arg("latency", kMulTreeLatency));
  text += ws_stream_module_header(g, "Tree", "result width");
  text += "\n  genvar gc, gk;\n\n";
  text += ws_stream_output_stall("  wire [COLS-1:0]         advance_col;            // the same, one copy per column\n");
  text += fmt::format(
      fmt::runtime(kTop), fmt::arg("binding", ws_stream_batch_binding()), fmt::arg("recoders", recoders),
      fmt::arg("col_regs", stage1_declarations(col)), fmt::arg("row_copies", stage1_copies(d, g, col.digits)),
      fmt::arg("columns", mul_tree_columns(d, g, pe_name, col.digits, carry_save, final_adder_name(g))),
      fmt::arg("carry_wire", carry_save ? "\n  wire [COLS*C_WIDTH-1:0] pe_carry;" : ""));
  return text + ws_stream_top_end(d, g, "column_sum", "last2_q");
}

}  // namespace

Design build_mul_tree_array(const GemmConfig& g) {
  Design d = ws_stream_design(g);
  const std::string pe_name = g.name + "_pe", step = pe_name + "_step";
  d.params["pe_instances"] = g.cols;  // one PE module per column, K products each
  ColumnDatapath col = mul_tree_column(g, step);
  for (auto& m : col.modules) d.modules.push_back(std::move(m));
  d.tree = col.tree;
  describe_step(d, g, step, {g.rows, false, false, col.carry_save});
  d.modules.push_back(mul_tree_column_pe(d, g, pe_name, step, col));
  if (col.carry_save) d.modules.push_back(arith::prefix_adder_module(final_adder_name(g), g.c_width));
  d.modules.push_back(fanout_reg_module(g.name + "_advance_reg", "the registered step signal, for one column"));
  d.modules.push_back(enabled_fanout_reg_module(
      row_reg_name(g), fmt::format("the columns' input row, for up to {} columns", kRegisterCopyFanout),
      3 * g.rows * col.digits));
  d.modules.push_back(fanout_reg_module(g.name + "_w_shift_reg", "the shadow-weight shift enable, for one column"));
  add_output_queue_module(d, g);
  d.modules.push_back({g.name, "top", top_module(d, g, pe_name, step, col)});
  d.latency_cycles = kMulTreeLatency;
  d.latency_cycles_per_beat = 0;
  d.macs_per_beat = static_cast<long long>(g.rows) * g.cols;
  return d;
}

}  // namespace bitloom
