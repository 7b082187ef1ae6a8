#include "generator/lane_delay.hpp"

#include <fmt/format.h>

namespace bitloom {

std::string lane_delay_block(const std::string& label, const std::string& in, const std::string& out,
                             const std::string& lanes, const std::string& width,
                             const std::string& delay_expr, const std::string& enable) {
  const std::string when = enable.empty() ? "" : "if (" + enable + ") ";
  return fmt::format(R"(
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_{label}_delay
      localparam integer DELAY = {delay};
      if (DELAY == 0) begin : gen_direct
        assign {out}[gl*{width} +: {width}] = {in}[gl*{width} +: {width}];
      end else if (DELAY == 1) begin : gen_delay_one
        reg [{width}-1:0] delay_q;
        always @(posedge clk) {when}delay_q <= {in}[gl*{width} +: {width}];
        assign {out}[gl*{width} +: {width}] = delay_q;
      end else begin : gen_delay_many
        reg [DELAY*{width}-1:0] delay_q;
        always @(posedge clk) {when}delay_q <= {{delay_q[(DELAY-1)*{width}-1:0], {in}[gl*{width} +: {width}]}};
        assign {out}[gl*{width} +: {width}] = delay_q[(DELAY-1)*{width} +: {width}];
      end
    end
  endgenerate
)",
                     fmt::arg("label", label), fmt::arg("in", in), fmt::arg("out", out),
                     fmt::arg("lanes", lanes), fmt::arg("width", width), fmt::arg("delay", delay_expr),
                     fmt::arg("when", when));
}

}  // namespace bitloom
