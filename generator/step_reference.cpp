#include "generator/step_reference.hpp"

#include <fmt/format.h>

#include "generator/arith/ent.hpp"
#include "generator/sparse_encoder.hpp"

namespace bitloom {

std::string step_reference_module(const GemmConfig& c, const std::string& step, const StepPorts& ports) {
  const bool carry_input = ports.carry_input;
  const int n = ports.products, aw = c.a.width, bw = c.b.width, cw = c.c_width;
  std::string v = fmt::format(
      "module step_proof (\n  input  wire [{}:0] a,\n  input  wire [{}:0] b,\n"
      "  input  wire [{}:0] s,\n  input  wire [{}:0] c,\n  output wire ok\n);\n"
      "  wire [{}:0] so, co;\n"
      "  {} u_step (.a_i(a), .b_i(b),{}{} .sum_o(so){});\n"
      "  wire [{}:0] products;\n",
      n * aw - 1, n * bw - 1, cw - 1, cw - 1, cw - 1, step, ports.sum_input ? " .sum_i(s)," : "",
      // A MAC step has no carry input: its carry is 0 (c stays free, then unused).
      carry_input ? " .carry_i(c)," : "", ports.carry_output ? ", .carry_o(co)" : "", n * cw - 1);
  if (!ports.carry_output) v += fmt::format("  assign co = {}'d0;\n", cw);
  for (int k = 0; k < n; ++k) {
    // Each operand widened by one bit (its sign or a zero), then a signed multiply whose
    // result is sign-extended to the accumulator width.
    v += fmt::format(
        "  wire signed [{aw}:0] ax{k} = {{{asign}, a[{alo} +: {aw}]}};\n"
        "  wire signed [{bw}:0] bx{k} = {{{bsign}, b[{blo} +: {bw}]}};\n"
        "  wire signed [{pw}:0] px{k} = ax{k} * bx{k};\n"
        "  assign products[{clo} +: {cw}] = {ext};\n",
        fmt::arg("k", k), fmt::arg("aw", aw), fmt::arg("bw", bw), fmt::arg("alo", k * aw),
        fmt::arg("blo", k * bw), fmt::arg("pw", aw + bw + 1), fmt::arg("clo", k * cw), fmt::arg("cw", cw),
        fmt::arg("asign", c.a.is_signed ? fmt::format("a[{}]", k * aw + aw - 1) : "1'b0"),
        fmt::arg("bsign", c.b.is_signed ? fmt::format("b[{}]", k * bw + bw - 1) : "1'b0"),
        fmt::arg("ext", cw > aw + bw + 2
                            ? fmt::format("{{{{{}{{px{}[{}]}}}}, px{}}}", cw - aw - bw - 2, k, aw + bw + 1, k)
                            : fmt::format("px{}[{}:0]", k, cw - 1)));
  }
  v += "  reg [" + std::to_string(cw - 1) + ":0] reference;\n  integer k;\n  always @* begin\n"
       "    reference = " + std::string(ports.sum_input ? "s" : std::to_string(cw) + "'d0") +
       std::string(carry_input ? " + c" : "") + ";\n    for (k = 0; k < " + std::to_string(n) + "; k = k + 1)\n"
       "      reference = reference + products[k*" + std::to_string(cw) + " +: " + std::to_string(cw) + "];\n"
       "  end\n  assign ok = (so + co) == reference;\nendmodule\n";
  return v;
}

std::string sparse_pe_reference_module(const GemmConfig& c, const std::string& pe, const std::string& recode) {
  const int aw = c.a.width, bw = c.b.width, cw = c.c_width, group = c.group;
  const int sw = sparse_slot_bits(c), ww = sparse_weight_bits(c);
  const int digits = arith::ent_digit_count(aw, c.a.is_signed);
  // Wide enough for a digit times b shifted by the largest weight the port can carry.
  const int wide = cw + bw + 3 + 2 * ((1 << ww) - 1);
  return fmt::format(
      R"(module step_proof (
  input  wire [{a1}:0] a,
  input  wire [{gb1}:0] b,
  input  wire [{sw1}:0] slot,
  input  wire [{ww1}:0] weight,
  input  wire one,
  input  wire two,
  input  wire neg,
  input  wire first,
  input  wire last,
  input  wire [{c1}:0] sum_q,
  input  wire [{c1}:0] carry_q,
  input  wire [{c1}:0] result_sum_q,
  input  wire [{c1}:0] result_carry_q,
  output wire ok
);
  // The recoder: digits of at most one magnitude that add up to a.
  wire [{d1}:0] one_d, two_d, neg_d;
  {recode} u_recode (.a_i(a), .one_o(one_d), .two_o(two_d), .neg_o(neg_d));
  reg signed [{a3}:0] recoded;
  integer i;
  always @* begin
    recoded = 0;
    for (i = 0; i < {digits}; i = i + 1)
      recoded = recoded + (one_d[i] ? 1 : two_d[i] ? 2 : 0) * (neg_d[i] ? -1 : 1) * (1 << (2 * i));
  end
  wire signed [{a3}:0] a_value = {{{{4{{{asign}}}}}, a}};
  wire recode_ok = recoded == a_value && (one_d & two_d) == {digits}'d0;

  // One cycle of the PE from the state (sum_q, carry_q, result_sum_q, result_carry_q).
  wire [{c1}:0] sum_d, carry_d, result_sum_d, result_carry_d;
  {pe} u_pe (
    .clk_i(1'b0), .b_i(b), .slot_i(slot), .weight_i(weight), .one_i(one), .two_i(two), .neg_i(neg),
    .first_i(first), .last_i(last),
    .\sum_q.q (sum_q), .\carry_q.q (carry_q), .\result_sum_o.q (result_sum_q), .\result_carry_o.q (result_carry_q),
    .\sum_q.d (sum_d), .\carry_q.d (carry_d), .\result_sum_o.d (result_sum_d), .\result_carry_o.d (result_carry_d)
  );
  wire [{bw1}:0] b_slot = b[slot * {bw} +: {bw}];
  wire signed [{bw}:0] b_value = {{{bsign}, b_slot}};
  wire signed [{bw2}:0] magnitude = one ? b_value : two ? b_value * 2 : 0;
  wire signed [{wd1}:0] digit_times_b = neg ? -magnitude : magnitude;
  wire [{wd1}:0] term = digit_times_b << (2 * weight);
  wire [{c1}:0] expected = (first ? {cw}'d0 : sum_q + carry_q) + term[{c1}:0];
  wire [{c1}:0] next = sum_d + carry_d;
  wire result_ok = last ? (result_sum_d == sum_d && result_carry_d == carry_d)
                        : (result_sum_d == result_sum_q && result_carry_d == result_carry_q);
  // Only what the encoder can issue: one magnitude at a time, a slot of the group.
  wire issuable = !(one && two) && slot < {group};
  assign ok = recode_ok && (!issuable || (next == expected && result_ok));
endmodule
)",
      fmt::arg("a1", aw - 1), fmt::arg("a3", aw + 3), fmt::arg("gb1", group * bw - 1), fmt::arg("sw1", sw - 1),
      fmt::arg("ww1", ww - 1), fmt::arg("c1", cw - 1), fmt::arg("cw", cw), fmt::arg("d1", digits - 1),
      fmt::arg("digits", digits), fmt::arg("recode", recode), fmt::arg("pe", pe), fmt::arg("bw", bw),
      fmt::arg("bw1", bw - 1), fmt::arg("bw2", bw + 2), fmt::arg("wd1", wide - 1), fmt::arg("group", group),
      fmt::arg("asign", c.a.is_signed ? fmt::format("a[{}]", aw - 1) : "1'b0"),
      fmt::arg("bsign", c.b.is_signed ? fmt::format("b_slot[{}]", bw - 1) : "1'b0"));
}

}  // namespace bitloom
