#include "generator/step_reference.hpp"

#include <fmt/format.h>

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

}  // namespace bitloom
