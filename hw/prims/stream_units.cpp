#include "hw/prims/stream_units.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "hw/prims/prims.hpp"
#include "hw/stream.hpp"

namespace bitloom::hw::prims {

namespace {

// The unit's output m_<out.name> through a skid buffer `slice_name` fed by the nets
// <prefix>_valid / _ready / _data / _last / _keep, which the caller drives (ready is
// the slice's).
void add_output_slice(Module& m, const std::string& slice_name, const Stream& out, const std::string& prefix) {
  Stream in_side = out, out_side = out;
  in_side.name = out_side.name = "x";
  in_side.sink = true;
  out_side.sink = false;
  Stream port = out;
  port.sink = false;
  const StreamNets o = add_stream(m, port);
  StreamNets n;
  n.valid = m.wire(prefix + "_valid");
  n.ready = m.wire(prefix + "_ready");
  n.data = m.wire(prefix + "_data", out.data_width());
  n.last = m.wire(prefix + "_last");
  n.keep = m.wire(prefix + "_keep", out.lanes);
  Instance slice{slice_name, "u_slice", "The output register slice.", {}};
  connect(slice, "clk_i", m.net("clk_i"));
  connect(slice, "rst_ni", m.net("rst_ni"));
  connect_stream(slice, in_side, n);
  connect_stream(slice, out_side, o);
  m.add(slice);
}

}  // namespace

std::vector<Module> gemm_epilogue(const std::string& name, int lanes, int acc_width, int out_width, bool out_signed) {
  if (lanes < 1 || out_width < 2 || acc_width < out_width || acc_width > 62)
    throw std::logic_error(fmt::format("prims: epilogue {}: {} lanes, {}-bit acc, {}-bit out", name, lanes, acc_width,
                                       out_width));
  const Stream out = stream_shape("out", lanes, out_width, true, true);
  std::vector<Module> v{skid_buffer(name + "_slice", stream_shape("x", lanes, out_width, true, true))};
  Module m(name, fmt::format("{}: GEMM epilogue, {} lanes: {}-bit accumulators rounded at bit shift_i - 1,\n"
                             "shifted right by shift_i (arithmetic), saturated to {} {} bits, then ReLU\n"
                             "when relu_i. Two register stages: the rounding add, then the output slice.",
                             name, lanes, acc_width, out_signed ? "signed" : "unsigned", out_width));
  m.input("clk_i");
  m.input("rst_ni");
  m.input("shift_i", 6, "0..acc_width - 1, stable while beats pass");
  m.input("relu_i");
  const StreamNets in = add_stream(m, stream_shape("acc", lanes, acc_width, true, true));
  add_output_slice(m, name + "_slice", out, "result");
  const int aw = acc_width, ow = out_width;
  // Limits in acc_width + 1 bits.
  const long long max_code = out_signed ? (1LL << (ow - 1)) - 1 : (1LL << ow) - 1;
  const long long min_code = out_signed ? -(1LL << (ow - 1)) : 0;
  m.raw(fmt::format(R"(
  // Two steps, a register between them: the rounding add, then the shift, the clamp and
  // ReLU. The register takes a beat whenever it is empty or its beat moves on; its
  // ready comes from registers only (its own valid, the output slice's ready).
  wire mid_ready;
  reg  mid_valid_q;
  reg  mid_last_q;
  reg  [{lanes1}:0] mid_keep_q;
  reg  [{mid1}:0] mid_rounded_q;  // lane l: acc + 2^(shift - 1), {a1}+1 bits
  assign {ir} = mid_ready;
  assign mid_ready = !mid_valid_q || result_ready;
  assign result_valid = mid_valid_q;
  assign result_last = mid_last_q;
  assign result_keep = mid_keep_q;
  // Rounding term 2^(shift - 1), none at shift 0; one bit more than the accumulator so
  // that the rounding cannot overflow.
  wire [{a}:0] bias = ({{{{{a}{{1'b0}}}}, 1'b1}} << shift_i) >> 1;
  always @(posedge clk_i) begin
    if (!rst_ni) mid_valid_q <= 1'b0;
    else if (mid_ready) mid_valid_q <= {iv};
    if (mid_ready && {iv}) begin
      mid_last_q <= {il};
      mid_keep_q <= {ik};
    end
  end
  genvar gl;
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_lane
      wire signed [{a}:0] acc = {{{id}[gl*{aw} + {a1}], {id}[gl*{aw} +: {aw}]}};
      always @(posedge clk_i) if (mid_ready && {iv}) mid_rounded_q[gl*{aw1} +: {aw1}] <= acc + $signed(bias);
      wire signed [{a}:0] rounded = mid_rounded_q[gl*{aw1} +: {aw1}];
      wire signed [{a}:0] shifted = rounded >>> shift_i;
      wire below = shifted < {neg}{aw1}'sd{min_abs};
      wire above = shifted > {aw1}'sd{max};
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [{a}:0] clamped = below ? {neg}{aw1}'sd{min_abs} : above ? {aw1}'sd{max} : shifted;
      /* verilator lint_on UNUSEDSIGNAL */
      assign result_data[gl*{ow} +: {ow}] = relu_i && clamped < 0 ? {ow}'d0 : clamped[{o1}:0];
    end
  endgenerate
)",
                    fmt::arg("iv", in.valid.text), fmt::arg("ir", in.ready.text), fmt::arg("il", in.last.text),
                    fmt::arg("ik", in.keep.text), fmt::arg("id", in.data.text), fmt::arg("a", aw), fmt::arg("a1", aw - 1),
                    fmt::arg("aw", aw), fmt::arg("aw1", aw + 1), fmt::arg("lanes", lanes), fmt::arg("ow", ow),
                    fmt::arg("o1", ow - 1), fmt::arg("max", max_code), fmt::arg("neg", min_code < 0 ? "-" : ""),
                    fmt::arg("min_abs", min_code < 0 ? -min_code : 0), fmt::arg("lanes1", lanes - 1),
                    fmt::arg("mid1", lanes * (aw + 1) - 1)),
        {"result_valid", in.ready.text, "result_last", "result_keep", "result_data"},
        {"clk_i", "rst_ni", in.valid.text, "result_ready", in.last.text, in.keep.text, in.data.text, "shift_i",
         "relu_i"});
  v.push_back(std::move(m));
  return v;
}

std::vector<Module> saturating_add(const std::string& name, int lanes, int width, bool is_signed) {
  if (lanes < 1 || width < 2 || width > 62)
    throw std::logic_error(fmt::format("prims: saturating add {}: {} lanes of {} bits", name, lanes, width));
  const Stream out = stream_shape("sum", lanes, width, true, true);
  std::vector<Module> v{skid_buffer(name + "_slice", stream_shape("x", lanes, width, true, true))};
  Module m(name, fmt::format("{}: saturating add, {} lanes of {} {} bits; s_x and s_y pair up beat by beat.", name,
                             lanes, is_signed ? "signed" : "unsigned", width));
  m.input("clk_i");
  m.input("rst_ni");
  const StreamNets x = add_stream(m, stream_shape("x", lanes, width, true, true));
  const StreamNets y = add_stream(m, stream_shape("y", lanes, width, false, false));
  add_output_slice(m, name + "_slice", out, "result");
  const long long max_code = is_signed ? (1LL << (width - 1)) - 1 : (1LL << width) - 1;
  const long long min_code = is_signed ? -(1LL << (width - 1)) : 0;
  m.raw(fmt::format(R"(
  // A pair moves when both beats are there and the slice takes it.
  assign result_valid = {xv} && {yv};
  assign {xr} = {yv} && result_ready;
  assign {yr} = {xv} && result_ready;
  assign result_last = {xl};
  assign result_keep = {xk};
  genvar gl;
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_lane
      wire signed [{w1}:0] x_lane = {{{xsign}, {xd}[gl*{w} +: {w}]}};
      wire signed [{w1}:0] y_lane = {{{ysign}, {yd}[gl*{w} +: {w}]}};
      wire signed [{w2}:0] sum = x_lane + y_lane;  // two bits more: never wraps
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [{w2}:0] clamped = sum > {ws}'sd{max} ? {ws}'sd{max} : sum < {neg}{ws}'sd{min_abs} ? {neg}{ws}'sd{min_abs} : sum;
      /* verilator lint_on UNUSEDSIGNAL */
      assign result_data[gl*{w} +: {w}] = clamped[{wm1}:0];
    end
  endgenerate
)",
                    fmt::arg("xv", x.valid.text), fmt::arg("yv", y.valid.text), fmt::arg("xr", x.ready.text),
                    fmt::arg("yr", y.ready.text), fmt::arg("xl", x.last.text), fmt::arg("xk", x.keep.text),
                    fmt::arg("xd", x.data.text), fmt::arg("yd", y.data.text), fmt::arg("lanes", lanes),
                    fmt::arg("w", width), fmt::arg("w1", width), fmt::arg("ws", width + 2), fmt::arg("w2", width + 1),
                    fmt::arg("wm1", width - 1),
                    fmt::arg("max", max_code), fmt::arg("neg", min_code < 0 ? "-" : ""),
                    fmt::arg("min_abs", min_code < 0 ? -min_code : 0),
                    fmt::arg("xsign", is_signed ? fmt::format("{}[gl*{} + {}]", x.data.text, width, width - 1) : "1'b0"),
                    fmt::arg("ysign", is_signed ? fmt::format("{}[gl*{} + {}]", y.data.text, width, width - 1) : "1'b0")),
        {"result_valid", x.ready.text, y.ready.text, "result_last", "result_keep", "result_data"},
        {x.valid.text, y.valid.text, "result_ready", x.last.text, x.keep.text, x.data.text, y.data.text});
  v.push_back(std::move(m));
  return v;
}

}  // namespace bitloom::hw::prims
