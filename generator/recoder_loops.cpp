#include "generator/recoder_loops.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"

namespace bitloom {

int digit_code_bits(const GemmConfig& g) { return 3 * arith::booth_digit_count(g.a.width, g.a.is_signed); }

std::string recoder_loop(const std::string& recoder, const std::string& var, const std::string& count,
                         const RecoderSlices& s) {
  return fmt::format(R"(  generate
    for ({var} = 0; {var} < {count}; {var} = {var} + 1) begin : gen_recode
      {recoder} u_recode (
        .a_i   ({a}),
        .neg_o ({neg}),
        .one_o ({one}),
        .two_o ({two})
      );
    end
  endgenerate
)",
                     fmt::arg("var", var), fmt::arg("count", count), fmt::arg("recoder", recoder),
                     fmt::arg("a", s.a), fmt::arg("neg", s.neg), fmt::arg("one", s.one), fmt::arg("two", s.two));
}

std::string edge_recoders(const GemmConfig& g, const std::string& recoder, const std::string& lanes,
                          const std::string& in, const std::string& out) {
  const RecoderSlices lane{in + "[gl*A_WIDTH +: A_WIDTH]", out + "[gl*A_CODE +: DIGITS]",
                           out + "[gl*A_CODE + DIGITS +: DIGITS]", out + "[gl*A_CODE + 2*DIGITS +: DIGITS]"};
  return fmt::format(R"(  // Each activation is Booth-recoded once, here, and its digits move along its row in
  // its place, so that no PE repeats the recoding.
  localparam integer DIGITS = {digits};  // radix-4 Booth digits per activation
  localparam integer A_CODE = 3*DIGITS;  // one activation's digits: {{two, one, neg}}
  wire [{lanes}*A_CODE-1:0] {out};
)",
                     fmt::arg("digits", arith::booth_digit_count(g.a.width, g.a.is_signed)),
                     fmt::arg("lanes", lanes), fmt::arg("out", out)) +
         recoder_loop(recoder, "gl", lanes, lane);
}

}  // namespace bitloom
