#include "generator/operand_copies.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/recoder_loops.hpp"

namespace bitloom {

namespace {

std::string copy_loop(const std::string& name, const std::string& module, const std::string& source) {
  return fmt::format(R"(    for (gk = 0; gk < {0}_COPIES; gk = gk + 1) begin : gen_{1}_copy
      {2} u_{1}_reg (
        .clk_i (clk),
        .d_i   ({3}),
        .q_o   ({1}_in_q[gk*{0}_BEAT +: {0}_BEAT])
      );
    end
)",
                     name, name == "A" ? "a" : "b", module, source);
}

std::string flag_reg_name(const GemmConfig& g) { return g.name + "_flag_reg"; }

}  // namespace

std::string operand_copy_registers(const GemmConfig& g, const std::string& a_recoder) {
  // Activation gk is row gk/K_PER_BEAT's (gk%K_PER_BEAT)-th: its digits sit at that place
  // in each of the row's neg, one and two planes.
  const std::string at = "a_digits[(gk/K_PER_BEAT)*A_CODE + ";
  const std::string place = "(gk%K_PER_BEAT)*DIGITS +: DIGITS]";
  const RecoderSlices activation_digits{"a_d[gk*A_WIDTH +: A_WIDTH]", at + place, at + "ROW_DIGITS + " + place,
                                        at + "2*ROW_DIGITS + " + place};
  return fmt::format(R"(  localparam integer FANOUT = {fanout};
  localparam integer A_COPIES = (COLS + FANOUT - 1) / FANOUT;  // of A, one per FANOUT PE columns
  localparam integer B_COPIES = (ROWS + FANOUT - 1) / FANOUT;  // of B, one per FANOUT PE rows
  localparam integer DIGITS = {digits};  // radix-4 Booth digits per activation
  // One PE row's activations in a copy: {{two, one, neg}}, each K_PER_BEAT*DIGITS bits with
  // activation k's digits at k*DIGITS.
  localparam integer ROW_DIGITS = K_PER_BEAT*DIGITS;
  localparam integer A_CODE = 3*ROW_DIGITS;
  localparam integer A_BEAT = ROWS*A_CODE;
  localparam integer B_BEAT = K_PER_BEAT*COLS*B_WIDTH;
  wire [ROWS*K_PER_BEAT*A_WIDTH-1:0] a_d = beat_fire ? s_a_tdata : {{ROWS*K_PER_BEAT*A_WIDTH{{1'b0}}}};
  // Each activation is recoded once, for every PE it reaches; the copies hold its digits
  // (an empty slot's a = 0 has no nonzero digit).
  wire [A_BEAT-1:0] a_digits;
{recoders}  wire [A_COPIES*A_BEAT-1:0] a_in_q;  // copy k at k*A_BEAT
  wire [B_COPIES*B_BEAT-1:0] b_in_q;  // copy k at k*B_BEAT
  generate
{a}{b}  endgenerate
)",
                     fmt::arg("fanout", kRegisterCopyFanout),
                     fmt::arg("digits", arith::booth_digit_count(g.a.width, g.a.is_signed)),
                     fmt::arg("recoders", recoder_loop(a_recoder, "gk", "ROWS*K_PER_BEAT", activation_digits)),
                     fmt::arg("a", copy_loop("A", g.name + "_a_reg", "a_digits")),
                     fmt::arg("b", copy_loop("B", g.name + "_b_reg", "s_b_tdata")));
}

void add_operand_copy_modules(Design& d, const GemmConfig& g) {
  const std::string share = fmt::format("for up to {} PE", kRegisterCopyFanout);
  const int a_lane = digit_code_bits(g);
  d.modules.push_back(fanout_reg_module(g.name + "_a_reg", "the registered A beat's Booth digits, " + share + " columns",
                                        g.rows * g.k_per_beat * a_lane));
  d.modules.push_back(
      fanout_reg_module(g.name + "_b_reg", "the registered B beat, " + share + " rows", g.k_per_beat * g.cols * g.b.width));
}

std::string beat_flag_copies(const GemmConfig& g, const std::string& first, const std::string& last) {
  return fmt::format(R"(  generate
    for (gl = 0; gl < ROWS; gl = gl + 1) begin : gen_flags
      {0} u_first (.clk_i(clk), .d_i(first_d), .q_o({1}[gl]));
      {0} u_last (.clk_i(clk), .d_i(last_d), .q_o({2}[gl]));
    end
  endgenerate
)",
                     flag_reg_name(g), first, last);
}

void add_beat_flag_module(Design& d, const GemmConfig& g) {
  d.modules.push_back(fanout_reg_module(flag_reg_name(g), "a registered beat flag, for one PE row"));
}

}  // namespace bitloom
