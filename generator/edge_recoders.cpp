#include "generator/edge_recoders.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"

namespace bitloom {

std::string edge_recoders(const GemmConfig& g, const std::string& recoder, const std::string& lanes,
                          const std::string& in, const std::string& out) {
  return fmt::format(R"(  // Each activation is Booth-recoded once, here, and its digits move along its row in
  // its place, so that no PE repeats the recoding.
  localparam integer DIGITS = {digits};  // radix-4 Booth digits per activation
  localparam integer A_CODE = 3*DIGITS;  // one activation's digits: {{two, one, neg}}
  wire [{lanes}*A_CODE-1:0] {out};
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_recode
      {recoder} u_recode (
        .a_i   ({in}[gl*A_WIDTH +: A_WIDTH]),
        .neg_o ({out}[gl*A_CODE +: DIGITS]),
        .one_o ({out}[gl*A_CODE + DIGITS +: DIGITS]),
        .two_o ({out}[gl*A_CODE + 2*DIGITS +: DIGITS])
      );
    end
  endgenerate
)",
                     fmt::arg("digits", arith::booth_digit_count(g.a.width, g.a.is_signed)),
                     fmt::arg("lanes", lanes), fmt::arg("in", in), fmt::arg("out", out),
                     fmt::arg("recoder", recoder));
}

}  // namespace bitloom
