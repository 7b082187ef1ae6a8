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

namespace {

struct SparseProofParts {
  std::string pe_cycle, expectation;
};

SparseProofParts sparse_proof_parts(const GemmConfig& c, const std::string& pe) {
  const int cw = c.c_width;
  const bool shift = c.shift_drain();
  // overlap: `first` restarts, `last` copies into the result pair, which holds otherwise;
  // shift: the accumulator starts from its lower neighbour's pair while the array drains.
  const std::string state = shift ? "shift_i(shift), .below_sum_i(below_sum), .below_carry_i(below_carry)"
                                  : "first_i(first), .last_i(last)";
  SparseProofParts parts;
  parts.pe_cycle = fmt::format(
      "  // One cycle of the PE from the state (sum_q, carry_q{0}).\n"
      "  wire [{1}:0] sum_d, carry_d{2};\n"
      "  {3} u_pe (\n"
      "    .clk_i(1'b0), .b_i(b), .slot_i(slot), .weight_i(weight), .one_i(one), .two_i(two), .neg_i(neg),\n"
      "    .{4},\n"
      "    .\\{7}.q (sum_q), .\\{8}.q (carry_q){5},\n"
      "    .\\{7}.d (sum_d), .\\{8}.d (carry_d){6}\n"
      "  );",
      shift ? "" : ", result_sum_q, result_carry_q", cw - 1, shift ? "" : ", result_sum_d, result_carry_d", pe, state,
      shift ? "" : ", .\\result_sum_o.q (result_sum_q), .\\result_carry_o.q (result_carry_q)",
      shift ? "" : ", .\\result_sum_o.d (result_sum_d), .\\result_carry_o.d (result_carry_d)",
      // The shift PE's outputs are its accumulator, so Yosys names the flops after them.
      shift ? "sum_o" : "sum_q", shift ? "carry_o" : "carry_q");
  parts.expectation =
      shift ? fmt::format("  wire [{0}:0] expected = (shift ? below_sum + below_carry : sum_q + carry_q) + term[{0}:0];\n"
                          "  wire [{0}:0] next = sum_d + carry_d;\n"
                          "  wire result_ok = 1'b1;  // no result registers",
                          cw - 1)
            : fmt::format("  wire [{0}:0] expected = (first ? {1}'d0 : sum_q + carry_q) + term[{0}:0];\n"
                          "  wire [{0}:0] next = sum_d + carry_d;\n"
                          "  wire result_ok = last ? (result_sum_d == sum_d && result_carry_d == carry_d)\n"
                          "                        : (result_sum_d == result_sum_q && result_carry_d == result_carry_q);",
                          cw - 1, cw);
  return parts;
}

}  // namespace

std::string sparse_pe_reference_module(const GemmConfig& c, const std::string& pe, const std::string& recode) {
  const int aw = c.a.width, bw = c.b.width, cw = c.c_width, group = c.group;
  const int sw = sparse_slot_bits(c), ww = sparse_weight_bits(c);
  const int digits = arith::ent_digit_count(aw, c.a.is_signed);
  // Wide enough for a digit times b shifted by the largest weight the port can carry.
  const int wide = cw + bw + 3 + 2 * ((1 << ww) - 1);
  const bool shift = c.shift_drain();
  const SparseProofParts parts = sparse_proof_parts(c, pe);
  return fmt::format(
      R"(module step_proof (
  input  wire [{a1}:0] a,
  input  wire [{gb1}:0] b,
  input  wire [{sw1}:0] slot,
  input  wire [{ww1}:0] weight,
  input  wire one,
  input  wire two,
  input  wire neg,
{drain_inputs}  input  wire [{c1}:0] sum_q,
  input  wire [{c1}:0] carry_q,
{result_inputs}  output wire ok
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

{pe_cycle}
  wire [{bw1}:0] b_slot = b[slot * {bw} +: {bw}];
  wire signed [{bw}:0] b_value = {{{bsign}, b_slot}};
  wire signed [{bw2}:0] magnitude = one ? b_value : two ? b_value * 2 : 0;
  wire signed [{wd1}:0] digit_times_b = neg ? -magnitude : magnitude;
  wire [{wd1}:0] term = digit_times_b << (2 * weight);
{expectation}
  // Only what the encoder can issue: one magnitude at a time, a slot of the group.
  wire issuable = !(one && two) && slot < {group};
  assign ok = recode_ok && (!issuable || (next == expected && result_ok));
endmodule
)",
      fmt::arg("drain_inputs", shift ? fmt::format("  input  wire shift,\n  input  wire [{0}:0] below_sum,\n"
                                                    "  input  wire [{0}:0] below_carry,\n", cw - 1)
                                      : "  input  wire first,\n  input  wire last,\n"),
      fmt::arg("result_inputs", shift ? "" : fmt::format("  input  wire [{0}:0] result_sum_q,\n"
                                                          "  input  wire [{0}:0] result_carry_q,\n", cw - 1)),
      fmt::arg("pe_cycle", parts.pe_cycle), fmt::arg("expectation", parts.expectation),
      fmt::arg("a1", aw - 1), fmt::arg("a3", aw + 3), fmt::arg("gb1", group * bw - 1), fmt::arg("sw1", sw - 1),
      fmt::arg("ww1", ww - 1), fmt::arg("c1", cw - 1), fmt::arg("cw", cw), fmt::arg("d1", digits - 1),
      fmt::arg("digits", digits), fmt::arg("recode", recode), fmt::arg("pe", pe), fmt::arg("bw", bw),
      fmt::arg("bw1", bw - 1), fmt::arg("bw2", bw + 2), fmt::arg("wd1", wide - 1), fmt::arg("group", group),
      fmt::arg("asign", c.a.is_signed ? fmt::format("a[{}]", aw - 1) : "1'b0"),
      fmt::arg("bsign", c.b.is_signed ? fmt::format("b_slot[{}]", bw - 1) : "1'b0"));
}

}  // namespace bitloom
