#include "generator/operand_copies.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"
#include "generator/carry_save_step.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/recoder_loops.hpp"

namespace bitloom {

using hw::Sym;

namespace {

// gen_a_copy / gen_b_copy: the register copies of A's digits and of B, copy k at k*BEAT.
std::string copy_loops(const Design& d, const GemmConfig& g) {
  hw::Fragment f(g.name + " operand copies");
  const hw::Expr clk = f.from_text("clk", 1);
  const int digits_per_row = digit_code_bits(g) * g.k_per_beat;
  const int copies_a = (g.cols + kRegisterCopyFanout - 1) / kRegisterCopyFanout;
  const int copies_b = (g.rows + kRegisterCopyFanout - 1) / kRegisterCopyFanout;
  const Sym a_beat = Sym::named("A_BEAT", g.rows * digits_per_row), b_beat = Sym::named("B_BEAT", g.k_per_beat * g.cols * g.b.width);
  struct Side {
    const char* name;
    std::string module;
    hw::Expr source, copies;
    Sym beat, count;
  };
  const int nb_width = negated_b_width(g);
  const Sym nb_beat = Sym::named("NB_BEAT", g.k_per_beat * g.cols * nb_width);
  std::vector<Side> sides = {
      {"a", g.name + "_a_reg", f.from_text("a_digits", static_cast<int>(a_beat.value())),
       f.for_text("a_in_q", static_cast<int>(copies_a * a_beat.value())), a_beat, Sym::named("A_COPIES", copies_a)},
      {"b", g.name + "_b_reg", f.from_text("s_b_tdata", static_cast<int>(b_beat.value())),
       f.for_text("b_in_q", static_cast<int>(copies_b * b_beat.value())), b_beat, Sym::named("B_COPIES", copies_b)}};
  if (g.negated_multiples())
    sides.push_back({"nb", g.name + "_nb_reg", f.from_text("b_negated", static_cast<int>(nb_beat.value())),
                     f.for_text("nb_in_q", static_cast<int>(copies_b * nb_beat.value())), nb_beat,
                     Sym::named("B_COPIES", copies_b)});
  for (const Side& side : sides) {
    f.know(module_interface(d, side.module));
    f.items().loop({std::string("gen_") + side.name + "_copy", "gk", side.count, [&](hw::LoopBody& b, const Sym& gk) {
                      hw::Instance u{side.module, std::string("u_") + side.name + "_reg", "", {}};
                      hw::connect(u, "clk_i", clk);
                      hw::connect(u, "d_i", side.source);
                      hw::connect(u, "q_o", hw::part_at(side.copies, gk * side.beat, side.beat));
                      b.add(u);
                    }});
  }
  return f.checked_text();
}

std::string flag_reg_name(const GemmConfig& g) { return g.name + "_flag_reg"; }

// The beat's -b per lane, for PEs that take multiples of b and -b, and its copies' bus.
std::string negated_b_lanes(const GemmConfig& g) {
  if (!g.negated_multiples()) return "";
  const std::string sign = g.b.is_signed ? "s_b_tdata[gk*B_WIDTH+B_WIDTH-1]" : "1'b0";
  return fmt::format(R"(  // -b for each lane, once for all the PEs of its column (which form their Booth partial
  // products as multiples of b or -b, so no negation's +1 enters their trees).
  localparam integer NB_WIDTH = {nbw};
  localparam integer NB_BEAT = K_PER_BEAT*COLS*NB_WIDTH;
  wire [NB_BEAT-1:0] b_negated;
  for (gk = 0; gk < K_PER_BEAT*COLS; gk = gk + 1) begin : gen_b_negate
    assign b_negated[gk*NB_WIDTH +: NB_WIDTH] =
        -{{{{(NB_WIDTH-B_WIDTH){{{sign}}}}}, s_b_tdata[gk*B_WIDTH +: B_WIDTH]}};
  end
  wire [B_COPIES*NB_BEAT-1:0] nb_in_q;  // copy k at k*NB_BEAT
)",
                     fmt::arg("nbw", negated_b_width(g)), fmt::arg("sign", sign));
}

}  // namespace

std::string operand_copy_registers(const Design& d, const GemmConfig& g, const std::string& a_recoder) {
  // Activation gk is row gk/K_PER_BEAT's (gk%K_PER_BEAT)-th: its digits sit at that place
  // in each of the row's neg, one and two planes.
  const int digits = arith::booth_digit_count(g.a.width, g.a.is_signed);
  const Sym kpb = Sym::named("K_PER_BEAT", g.k_per_beat), digit = Sym::named("DIGITS", digits);
  const Sym row_digits = Sym::named("ROW_DIGITS", g.k_per_beat * digits), code = Sym::named("A_CODE", 3 * g.k_per_beat * digits);
  const Sym aw = Sym::named("A_WIDTH", g.a.width);
  auto wiring = [&](hw::Fragment& f) {
    const hw::Expr a = f.from_text("a_d", g.rows * g.k_per_beat * g.a.width);
    const hw::Expr codes = f.for_text("a_digits", static_cast<int>(g.rows * code.value()));
    return [=](const Sym& gk) {
      const Sym row = gk / kpb * code, place = gk % kpb * digit;
      return RecoderPorts{hw::part_at(a, gk * aw, aw), hw::part_at(codes, row + place, digit),
                          hw::part_at(codes, row + row_digits + place, digit),
                          hw::part_at(codes, row + 2 * row_digits + place, digit)};
    };
  };
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
{negated}{copies})",
                     fmt::arg("fanout", kRegisterCopyFanout),
                     fmt::arg("digits", arith::booth_digit_count(g.a.width, g.a.is_signed)),
                     fmt::arg("recoders", recoder_loop(d, a_recoder, "gk", Sym::named("ROWS", g.rows) * kpb, wiring)),
                     fmt::arg("negated", negated_b_lanes(g)), fmt::arg("copies", copy_loops(d, g)));
}

void add_operand_copy_modules(Design& d, const GemmConfig& g) {
  const std::string share = fmt::format("for up to {} PE", kRegisterCopyFanout);
  const int a_lane = digit_code_bits(g);
  d.modules.push_back(fanout_reg_module(g.name + "_a_reg", "the registered A beat's Booth digits, " + share + " columns",
                                        g.rows * g.k_per_beat * a_lane));
  d.modules.push_back(
      fanout_reg_module(g.name + "_b_reg", "the registered B beat, " + share + " rows", g.k_per_beat * g.cols * g.b.width));
  if (g.negated_multiples())
    d.modules.push_back(fanout_reg_module(g.name + "_nb_reg", "the registered B beat's -b, " + share + " rows",
                                          g.k_per_beat * g.cols * negated_b_width(g)));
}

std::string beat_flag_copies(const Design& d, const GemmConfig& g, const std::string& first, const std::string& last) {
  hw::Fragment f(g.name + " beat flag copies");
  f.know(module_interface(d, flag_reg_name(g)));
  const hw::Expr clk = f.from_text("clk", 1);
  const hw::Expr flags[2][2] = {{f.from_text("first_d", 1), f.for_text(first, g.rows)},
                                {f.from_text("last_d", 1), f.for_text(last, g.rows)}};
  f.items().loop({"gen_flags", "gl", Sym::named("ROWS", g.rows), [&](hw::LoopBody& b, const Sym& gl) {
                    for (int i = 0; i < 2; ++i) {
                      hw::Instance u{flag_reg_name(g), i == 0 ? "u_first" : "u_last", "", {}};
                      hw::connect(u, "clk_i", clk);
                      hw::connect(u, "d_i", flags[i][0]);
                      hw::connect(u, "q_o", hw::bit_at(flags[i][1], gl));
                      b.add(u);
                    }
                  }});
  return f.checked_text();
}

void add_beat_flag_module(Design& d, const GemmConfig& g) {
  d.modules.push_back(fanout_reg_module(flag_reg_name(g), "a registered beat flag, for one PE row"));
}

}  // namespace bitloom
