#include "generator/workload_rtl/compute_core.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/unit_job.hpp"
#include "hw/prims/prims.hpp"
#include "hw/prims/stream_units.hpp"
#include "hw/stream.hpp"

namespace bitloom::workload_rtl {

namespace {

using hw::Module;

const hw::Stream& stream_named(const bitloom::Design& array, const std::string& name) {
  for (const hw::Stream& s : array.streams)
    if (s.name == name) return s;
  throw std::invalid_argument(fmt::format("compute core: array {} has no stream {}", array.top, name));
}

void check_stage(const core::Shape& sh, const CoreStage& s, size_t index) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument(fmt::format("compute core {}: stage {}: {}", sh.name, index, why));
  };
  const long long words = 1LL << sh.address, dims = 1LL << (core::kRowBits - 1);
  for (long long v : {s.a_base, s.a_pitch, s.b_base, s.b_pitch, s.out_base, s.out_pitch})
    if (v < 0 || v >= words) fail(fmt::format("address or pitch {} outside the {}-bit word address", v, sh.address));
  if (s.a_pitch < 1 || s.b_pitch < 1 || s.out_pitch < 1) fail("pitches must be at least one word");
  // An operand holds every value of its format: a signed one as wide, an unsigned one a
  // bit wider (the array's operands are signed).
  auto check_operand = [&](const char* which, int operand, int bits, bool is_signed) {
    const int used = bits > 0 ? bits : sh.elem;
    if (used > sh.elem) fail(fmt::format("{}-bit {} elements in {}-bit buffer elements", used, which, sh.elem));
    const int need = used + (is_signed ? 0 : 1);
    if (operand < need)
      fail(fmt::format("{} {}-bit {} elements need a {}-bit operand", is_signed ? "signed" : "unsigned", used, which, need));
  };
  check_operand("A", sh.a, s.a_bits, s.a_signed);
  check_operand("B", sh.b, s.b_bits, s.b_signed);
  if (s.out_rows < 1 || s.out_cols < 1 || s.out_rows >= dims || s.out_cols >= dims)
    fail(fmt::format("{} x {} results", s.out_rows, s.out_cols));
  if (s.shift < 0 || s.shift >= sh.acc) fail(fmt::format("shift {} of a {}-bit accumulator", s.shift, sh.acc));
  if (s.a_ring_blocks < 0 || (s.a_ring_blocks > 0 && s.panels))
    fail("an A ring needs row tiles outer (a row block is used for every column tile, then freed)");
  if (s.a_base + s.a_ring_blocks * sh.lanes * s.a_pitch > words) fail("the A ring does not fit the word address");
  if (s.out_ring_blocks < 0 || (s.out_ring_blocks > 0 && (s.panels || s.out_to_stream)))
    fail("an output ring needs row tiles outer and results to the buffer");
  if (s.out_base + s.out_ring_blocks * sh.lanes * s.out_pitch > words) fail("the output ring does not fit the word address");
  if (s.out_col_step < 1 || s.out_col_step >= words || (s.out_col_step > 1 && !s.b_from_stream))
    fail(fmt::format("a column step of {} words (above 1 only with B from the stream)", s.out_col_step));
}

// The widths, checked against each other and against every stage.
core::Shape shape_of(const std::string& name, const bitloom::Design& array, const CoreOptions& o,
                     const std::vector<CoreStage>& stages) {
  const hw::Stream &sa = stream_named(array, "a"), &sb = stream_named(array, "b"), &sc = stream_named(array, "c");
  core::Shape s;
  s.name = name;
  s.lanes = o.lanes;
  s.lane_bits = hw::prims::bits_for(o.lanes - 1);
  s.elem = o.elem_width;
  s.address = o.address_bits;
  s.a = sa.lane_width;
  s.b = sb.lane_width;
  s.acc = sc.lane_width;
  s.out = o.out_width;
  s.out_signed = o.out_signed;
  const int l = o.lanes, c = sb.lanes;
  if (l < 2 || (l & (l - 1)) || sa.lanes != l || c < 1 || (c & (c - 1)) || c > l || sc.lanes != c)
    throw std::invalid_argument(fmt::format("compute core {}: the array must be {} x c, c a power of two up to {}", name, l, l));
  s.cols = c;
  s.passes = l / c;
  s.pass_bits = hw::prims::bits_for(s.passes - 1);
  s.panel_depth = o.panel_depth;
  if (s.a < 2 || s.b < 2 || s.out > s.elem || s.out < 2 || s.address < 2 || s.address > 30)
    throw std::invalid_argument(fmt::format("compute core {}: {}-bit elements, {}/{}-bit operands, {}-bit results, "
                                            "{}-bit addresses",
                                            name, s.elem, s.a, s.b, s.out, s.address));
  check_stage_count("compute core", name, stages.size());
  for (size_t i = 0; i < stages.size(); ++i) {
    check_stage(s, stages[i], i);
    if (s.passes > 1 && stages[i].b_from_stream && s.panel_depth < 1)
      throw std::invalid_argument(fmt::format("compute core {}: stage {} streams B into {} passes without a panel store",
                                              name, i, s.passes));
    s.out_ring = s.out_ring || stages[i].out_ring_blocks > 0;
    s.out_col_step = s.out_col_step || stages[i].out_col_step > 1;
  }
  return s;
}

}  // namespace

hw::Module array_ports(const bitloom::Design& array) {
  Module m(array.top, "The ports of " + array.top + " (Verilog text, not the IR).");
  m.input("clk");
  m.input("rst_n");
  for (const hw::Stream& s : array.streams) hw::add_stream(m, s);
  return m;
}

std::vector<hw::Module> compute_core(const std::string& name, const bitloom::Design& array, const CoreOptions& o,
                                     const std::vector<CoreStage>& stages) {
  const core::Shape s = shape_of(name, array, o, stages);
  std::vector<Module> out = hw::prims::gemm_epilogue(name + "_epilogue", s.cols, s.acc, s.out, s.out_signed);
  const bool store = s.panel_store();
  if (store) out.push_back(hw::prims::ram_simple_dual_port(name + "_panel", s.lanes * s.elem, s.panel_depth));
  hw::prims::FifoOptions fo;
  fo.depth = core::kOperandDepth;
  out.push_back(hw::prims::fifo(name + "_operands", hw::stream_shape("x", 2 * s.lanes, s.elem, true), fo));

  Module m(name, fmt::format(
                     "{}: compute core: the {}x{} array {} with its operand fetch, epilogue and output demux.\n"
                     "A job (s_job, the controller's 57-bit job word: stage, m_bound row tiles, n_bound column\n"
                     "tiles, k_bound = K, offset = first row tile) computes m_bound x n_bound tiles of L x L\n"
                     "results over K. Its stage (a row of the generated stage table) says where A, B and the\n"
                     "results are. A job is taken only when the previous one has written its last result;\n"
                     "idle_o is low from the cycle after a job is taken until then.{}",
                     name, s.lanes, s.cols, array.top,
                     s.passes == 1 ? ""
                                   : fmt::format("\nThe array has {} of a tile's {} columns: a tile takes {} passes of K beats, "
                                                 "the fetch reading A and B\nagain for each{}.",
                                                 s.cols, s.lanes, s.passes,
                                                 store ? fmt::format(" (a streamed B is taken once into a panel store of {} "
                                                                     "rows, so K <= {})", s.panel_depth, s.panel_depth)
                                                       : "")));
  core::add_ports(m, s);
  core::add_parts(m, s, array.top);
  core::add_job(m, s, stages);
  core::add_fetch(m, s);
  if (s.passes == 1) {
    core::add_array_inputs(m, s);
  } else {
    core::add_pass_inputs(m, s);
    if (store) core::add_panel_store(m, s);
    core::add_pass_merge(m, s);
  }
  core::add_output(m, s);
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::workload_rtl
