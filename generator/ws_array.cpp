#include "generator/ws_array.hpp"

#include <fmt/format.h>

#include "generator/array_drain.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/recoder_loops.hpp"
#include "generator/interfaces.hpp"
#include "generator/output_queue.hpp"
#include "generator/pe_modules.hpp"
#include "generator/skew_lines.hpp"
#include "generator/templates.hpp"
#include "generator/ws_pe_grid.hpp"
#include "generator/ws_stream_common.hpp"
#include "hw/fragment.hpp"

namespace bitloom {

namespace {

// s_a beat taken at edge 0: row k computes at edge 1+k+j, the last row's pair of
// column j is registered at KH+j, de-skewed to KH+C-1, registered for m_c at KH+C;
// the first handshake can happen on the next edge.
int ws_latency(const GemmConfig& g) { return g.rows + g.cols + 1; }

// The array's own words on its weights and timing, after the shared contract.
constexpr const char* kWsWeightsNote = R"( Weights are
// double-buffered: the next set loads into shadow registers while the array computes,
// and a binding batch swaps it in as its first beat passes each PE. The array runs in
// lockstep: every datapath register moves
// only when `advance` is high. Advance is registered, one copy per PE row in its own
// module instance (so synthesis cannot merge the copies back into one flop driving the
// whole array), and therefore reacts a cycle late; a two-row output buffer absorbs the
// row that arrives meanwhile, so back-pressure costs no throughput.
// Latency (no stalls): {latency} cycles from an s_a beat to its m_c beat.
)";

// Weight loading and the activations' input register, between the output buffer and
// the skew.
constexpr const char* kWsWeights = R"(
  // ---------------------------------------------------------------- weights
  reg                    shadow_full_q;   // the shadow registers hold a set not yet swapped in
  reg                    have_weights_q;  // a set has been swapped in since reset
  reg [7:0]              swap_wait_q;     // steps until the last PE has swapped
  wire [KH-1:0]          w_shift_row;     // per-row copies: shift the shadow columns up
  reg [COLS*B_WIDTH-1:0] w_in_q;
  assign s_w_tready = !shadow_full_q && swap_wait_q == 8'd0;
  wire w_fire = s_w_tvalid && s_w_tready;
  // The shift copies are plain flops (one module each, so synthesis keeps them apart):
  // the synchronous reset is folded into their input.
  wire w_shift_d = rst_n && w_fire;

  // ---------------------------------------------------------------- activations
  reg  batch_start_q;   // the next s_a beat starts a batch
)";

constexpr const char* kWsActivations = R"(
  always @(posedge clk) begin
    w_in_q <= s_w_tdata;
    if (!rst_n) begin
      shadow_full_q  <= 1'b0;
      have_weights_q <= 1'b0;
      swap_wait_q    <= 8'd0;
      batch_start_q  <= 1'b1;
    end else begin
      if (a_fire) batch_start_q <= s_a_tlast;
      if (a_fire && swap_now) begin
        shadow_full_q  <= 1'b0;
        have_weights_q <= 1'b1;
        swap_wait_q    <= SWAP_STEPS[7:0];
      end else begin
        if (w_fire && s_w_tlast) shadow_full_q <= 1'b1;
        if (advance && swap_wait_q != 8'd0) swap_wait_q <= swap_wait_q - 8'd1;
      end
    end
  end

)";

constexpr const char* kWsActivationRegisters = R"(
  // Activations are registered once, as digits, then row k is delayed k steps.
  reg [KH*A_CODE-1:0] a_in_q;
  always @(posedge clk) if (advance) a_in_q <= a_digits;
  wire [KH*A_CODE-1:0] a_skewed;
)";

// The top's text up to the activation skew: its documentation, ports and parameters,
// the output buffer and stall, weight loading and the activations' handshake.
std::string ws_head_and_control(const Design& d, const GemmConfig& g) {
  std::string text = fmt::format("// {}: {}x{} weight-stationary systolic array of {} PEs.\n//\n", g.name, g.rows,
                                 g.cols, g.pe);
  text += ws_stream_contract(g);
  text += fmt::format(fmt::runtime(kWsWeightsNote), fmt::arg("latency", ws_latency(g)));
  text += ws_stream_module_header(g, "Array", "partial-sum width");
  text += "  // Steps after a swap before the last PE has taken the shadow weights.\n"
          "  localparam integer SWAP_STEPS = KH + COLS - 1;\n\n  genvar gl, gr, gc;\n\n";
  text += ws_stream_output_stall("  wire [KH-1:0]           advance_row;            // the same, one copy per PE row\n");
  text += kWsWeights;
  text += ws_stream_batch_binding();
  text += kWsActivations;
  text += edge_recoders(d, g, g.name + "_pe_recode", hw::Sym::named("KH", g.rows), "s_a_tdata", "a_digits");
  text += kWsActivationRegisters;
  return text;
}

// Beat flags, the PE array with its per-row control copies, and the column results.
constexpr const char* kWsPeArray = R"(
  // Beat flags: bit k is the flag as row k sees it.
  reg [KH-1:0] valid_skew_q, swap_skew_q, last_skew_q;
  always @(posedge clk) begin
    if (!rst_n)       valid_skew_q <= {{KH{{1'b0}}}};
    else if (advance) valid_skew_q <= {valid_shift};
    if (advance) begin
      swap_skew_q <= {swap_shift};
      last_skew_q <= {last_shift};
    end
  end

  // ---------------------------------------------------------------- PE array
  // Link (k, j) of a's digits enters PE(k, j) from the left; link (k, COLS) leaves the row.
  // Link (k, j) of the partial sum enters PE(k, j) from above; row 0's is zero.
  // Link (k, j) of w enters PE(k, j) from below; row KH-1's comes from w_in_q.
  /* verilator lint_off UNUSED */
  wire [KH*(COLS+1)*A_CODE-1:0]  a_link;
  wire [KH*(COLS+1)-1:0]         valid_link, swap_link, last_link;
  wire [(KH+1)*COLS*B_WIDTH-1:0] w_link;
  /* verilator lint_on UNUSED */
{psum_wires}
{grid}
  // ---------------------------------------------------------------- column results
  // Below the last row, column j's partial sum{pair_note}, then
  // delayed COLS-1-j steps so that a whole row of C leaves together.
  wire [COLS*C_WIDTH-1:0] column_sum;
  wire [COLS*C_WIDTH-1:0] row_aligned;
)";

// Column j's result below the last PE row: its (sum, carry) pair added once (carry-save
// PEs) or passed on.
std::string column_sums(const Design& d, const GemmConfig& g) {
  hw::Fragment f(g.name + " column sums");
  const bool carry_save = g.pe == PeKind::kOpt1;
  if (carry_save) f.know(module_interface(d, final_adder_name(g)));
  const int lane = g.c_width, links = (g.rows + 1) * g.cols * lane;
  const hw::Sym kh = hw::Sym::named("KH", g.rows), cols = hw::Sym::named("COLS", g.cols),
                cw = hw::Sym::named("C_WIDTH", lane);
  const hw::Expr column_sum = f.for_text("column_sum", g.cols * lane);
  std::vector<hw::Expr> links_in;
  for (const char* link : carry_save ? std::vector<const char*>{"psum_sum_link", "psum_carry_link"}
                                     : std::vector<const char*>{"psum_link"})
    links_in.push_back(f.from_text(link, links));
  f.items().loop({"gen_column_sum", "gc", cols, [&](hw::LoopBody& b, const hw::Sym& gc) {
                    auto bottom = [&](const hw::Expr& link) { return hw::part_at(link, (kh * cols + gc) * cw, cw); };
                    const hw::Expr out = hw::part_at(column_sum, gc * cw, cw);
                    if (!carry_save) {
                      b.assign(out, bottom(links_in[0]));
                      return;
                    }
                    hw::Instance add{final_adder_name(g), "u_final_add", "", {}};
                    hw::connect(add, "a_i", bottom(links_in[0]));
                    hw::connect(add, "b_i", bottom(links_in[1]));
                    hw::connect(add, "sum_o", out);
                    b.add(add);
                  }});
  return f.checked_text();
}

// Row i of A's digits waits i steps; column j's sum COLS - 1 - j, so a row of C leaves
// together. Both move with the array's step (advance).
SkewLines a_skew(const GemmConfig& g) { return row_digit_skew(g, "steps", "advance"); }
SkewLines c_align(const GemmConfig& g) {
  return {g.name + "_c_align", "COLS - 1 - i steps (column i's sum)", g.c_width, staircase(g.cols, true), "advance"};
}

std::string top_module(const Design& d, const GemmConfig& g, const std::string& pe_name) {
  const bool carry_save = g.pe == PeKind::kOpt1;
  const bool one_row = g.rows == 1;
  auto shift = [&](const std::string& reg, const std::string& in) {
    return one_row ? in : fmt::format("{{{}[KH-2:0], {}}}", reg, in);
  };
  std::string text = ws_head_and_control(d, g);
  text += skew_instance(d, a_skew(g), "a", "a_in_q", "a_skewed");
  text += fmt::format(fmt::runtime(kWsPeArray),
                      fmt::arg("grid", ws_pe_grid(d, g, pe_name)),
                      fmt::arg("valid_shift", shift("valid_skew_q", "a_fire")),
                      fmt::arg("swap_shift", shift("swap_skew_q", "a_fire && swap_now")),
                      fmt::arg("last_shift", shift("last_skew_q", "s_a_tlast")),
                      fmt::arg("pair_note", carry_save ? " is one (sum, carry) pair: it is added here, once"
                                                       : " is final"),
                      fmt::arg("psum_wires",
                               carry_save ? "  wire [(KH+1)*COLS*C_WIDTH-1:0] psum_sum_link, psum_carry_link;"
                                          : "  wire [(KH+1)*COLS*C_WIDTH-1:0] psum_link;"));
  text += column_sums(d, g);
  text += skew_instance(d, c_align(g), "c", "column_sum", "row_aligned");
  text += R"(
  // The bottom-right PE's flags describe the row that is aligned now.
  wire row_valid = valid_link[(KH-1)*(COLS+1)+COLS];
  wire row_last  = last_link[(KH-1)*(COLS+1)+COLS];
  assign out_push = advance && row_valid;
  always @(posedge clk) advance <= advance_d;
)";
  return text + ws_stream_top_end(d, g, "row_aligned", "row_last");
}

}  // namespace

Design build_ws_array(const GemmConfig& g) {
  Design d = ws_stream_design(g);
  const std::string pe_name = g.name + "_pe";
  add_pe_modules(d, g, "ws_pe", 1);
  add_skew_module(d, a_skew(g));
  add_skew_module(d, c_align(g));
  d.modules.push_back(fanout_reg_module(g.name + "_advance_reg", "the registered step signal, for one PE row"));
  d.modules.push_back(fanout_reg_module(g.name + "_w_shift_reg", "the shadow-weight shift enable, for one PE row"));
  add_output_queue_module(d, g);
  d.modules.push_back({g.name, "top", top_module(d, g, pe_name)});
  d.latency_cycles = ws_latency(g);
  d.latency_cycles_per_beat = 0;  // every beat is a row of its own
  d.macs_per_beat = static_cast<long long>(g.rows) * g.cols;
  return d;
}

}  // namespace bitloom
