#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/unit_job.hpp"

#include <fmt/format.h>

#include "hw/prims/prims.hpp"
#include "hw/stream.hpp"

namespace bitloom::workload_rtl::core {

using hw::Instance;
using hw::Module;

std::string fit(const std::string& net, int from, int to) {
  if (from == to) return net;
  if (from < to) return fmt::format("{{{}'d0, {}}}", to - from, net);
  return fmt::format("{}[{}:0]", net, to - 1);
}

std::string extend_lanes(const std::string& dst, const std::string& src, int lanes, int from, int to,
                         const std::string& is_signed) {
  std::string text;
  if (to <= from) {
    // Operands as wide as the elements or narrower: every stage's values fit them as they
    // are (the stage check), so the flag has nothing to do, and an element's upper bits
    // (copies of the operand's sign, or zeros) are dropped.
    text = fmt::format("  /* verilator lint_off UNUSEDSIGNAL */\n  wire unused_{} = {};\n", dst, is_signed);
    std::string dropped;
    for (int l = 0; to < from && l < lanes; ++l)
      dropped += fmt::format("{}{}[{} +: {}]", l ? ", " : "", src, l * from + to, from - to);
    if (!dropped.empty()) text += fmt::format("  wire unused_{}_upper = ^{{{}}};\n", dst, dropped);
    text += "  /* verilator lint_on UNUSEDSIGNAL */\n";
  }
  for (int l = 0; l < lanes; ++l) {
    if (to <= from) {
      text += fmt::format("  assign {}[{} +: {}] = {}[{} +: {}];\n", dst, l * to, to, src, l * from, to);
      continue;
    }
    const std::string sign = fmt::format("{}[{}]", src, l * from + from - 1);
    text += fmt::format("  assign {}[{} +: {}] = {{{{{}{{{} & {}}}}}, {}[{} +: {}]}};\n", dst, l * to, to, to - from,
                        is_signed, sign, src, l * from, from);
  }
  return text;
}

void add_ports(Module& m, const Shape& s) {
  const int ab = s.address, lw = s.lane_bits, row = s.lanes * s.elem;
  add_job_ports(m);
  m.output("a_rd_en_o", 1, "A: column slice reads");
  m.output("a_rd_addr_o", ab, "row block's first word + k / L");
  m.output("a_rd_pitch_o", ab, "words per A row");
  m.output("a_rd_rot_o", lw, "k mod L");
  m.input("a_rd_data_i", row, "one cycle after a_rd_en_o: lane i = A[block row i][k]");
  m.input("a_ring_ready_i", 1, "A ring stages: a filled row block is waiting");
  m.output("a_ring_take_o", 1, "A ring stages: the fetch starts on a row block");
  m.output("a_ring_free_o", 1, "A ring stages: the fetch is done with a row block");
  m.output("b_rd_en_o", 1, "B: row slice reads (stages with B in a buffer)");
  m.output("b_rd_column_o", 1, "B transposed in the buffer: column slices");
  m.output("b_rd_addr_o", ab, "rows: b_base + k * b_pitch + j; columns: b_base + j * L * b_pitch + k / L");
  m.output("b_rd_pitch_o", ab, "words per row of the stored B");
  m.output("b_rd_rot_o", lw, "k mod L");
  m.input("b_rd_data_i", row, "one cycle after b_rd_en_o: lane l = B[k][j * L + l]");
  hw::add_stream(m, hw::stream_shape("b", s.lanes, s.elem), "B rows, stages with B streamed");
  m.output("wr_valid_o", 1, "results: row slices to a buffer");
  m.input("wr_ready_i");
  m.output("wr_addr_o", ab, "out_base + row * out_pitch + column block");
  m.output("wr_rot_o", lw, "row mod L");
  m.output("wr_data_o", row, "lane l: column block * L + l (0 past out_cols)");
  if (s.out_ring) {
    m.input("out_ring_room_i", 1, "output ring stages: a free row block slot is waiting");
    m.output("out_ring_claim_o", 1, "output ring stages: the writes start on a row block slot");
    m.output("out_ring_done_o", 1, "output ring stages: a row block is written");
  }
  hw::Stream out = hw::stream_shape("out", s.lanes, s.elem, true, true);
  out.sink = false;
  hw::add_stream(m, out, "results as a stream; tlast on each tile's last row");
}

namespace {

void add_nets(Module& m, const Shape& s) {
  const int row = s.lanes * s.elem;
  m.wire("fetch_valid", 1, "an operand read was issued last cycle");
  m.wire("fetch_last", 1, "... and it was a tile's k = K - 1");
  m.wire("fetch_payload", 2 * row, "{B row, A column} as read");
  m.wire("operands_ready");
  m.wire("operand_count", hw::prims::bits_for(kOperandDepth));
  m.wire("operand_valid");
  m.wire("operand_pop");
  m.wire("operand_data", 2 * row);
  m.wire("operand_last");
  m.wire("array_a", s.lanes * s.a, "A lanes extended to the operand width");
  m.wire("array_b", s.cols * s.b);
  m.wire("array_b_raw", s.cols * s.elem, s.passes == 1 ? "B from the buffer or the stream" : "the pass's lanes of a B row");
  m.wire("array_b_valid");
  m.wire("array_b_ready");
  m.wire("acc_valid");
  m.wire("acc_ready");
  m.wire("acc_data", s.cols * s.acc);
  m.wire("acc_last");
  if (s.passes > 1) {
    m.wire("pass_valid", 1, "the epilogue's rows of one pass: c of a tile row's L results");
    m.wire("pass_ready");
    m.wire("pass_data", s.cols * s.out);
    m.wire("pass_last");
    m.wire("pass_keep", s.cols);
  }
  m.wire("result_valid");
  m.wire("result_ready");
  m.wire("result_data", s.lanes * s.out);
  m.wire("result_last");
  m.wire("result_keep", s.lanes);
  m.wire("result_wide", row, "results extended to the element width");
  m.wire("shift", 6, "the stage's epilogue settings");
  m.wire("relu");
}

}  // namespace

void connect_all(Module& m, Instance& inst, const std::vector<std::pair<const char*, const char*>>& pairs) {
  for (const auto& [port, net] : pairs) connect(inst, port, m.net(net));
}

void add_parts(Module& m, const Shape& s, const std::string& array_top) {
  add_nets(m, s);
  Instance fifo{s.name + "_operands", "u_operands", "Operands read, waiting for the array.", {}};
  connect_all(m, fifo, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_x_tvalid", "fetch_valid"},
                        {"s_x_tready", "operands_ready"}, {"s_x_tdata", "fetch_payload"}, {"s_x_tlast", "fetch_last"},
                        {"m_x_tvalid", "operand_valid"}, {"m_x_tready", "operand_pop"}, {"m_x_tdata", "operand_data"},
                        {"m_x_tlast", "operand_last"}, {"occupancy_o", "operand_count"}});
  m.add(fifo);
  Instance arr{array_top, "u_array", "The GEMM array, unchanged.", {}};
  connect_all(m, arr, {{"clk", "clk_i"}, {"rst_n", "rst_ni"}, {"s_a_tvalid", "operand_valid"},
                       {"s_a_tready", "operand_pop"}, {"s_a_tlast", "operand_last"}, {"s_a_tdata", "array_a"},
                       {"s_b_tvalid", "array_b_valid"}, {"s_b_tready", "array_b_ready"}, {"s_b_tlast", "operand_last"},
                       {"s_b_tdata", "array_b"}, {"m_c_tvalid", "acc_valid"}, {"m_c_tready", "acc_ready"},
                       {"m_c_tlast", "acc_last"}, {"m_c_tdata", "acc_data"}});
  m.add(arr);
  Instance epi{s.name + "_epilogue", "u_epilogue", "Round, shift, saturate, ReLU: the stage's settings.", {}};
  connect_all(m, epi, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"shift_i", "shift"}, {"relu_i", "relu"},
                       {"s_acc_tvalid", "acc_valid"}, {"s_acc_tready", "acc_ready"}, {"s_acc_tdata", "acc_data"},
                       {"s_acc_tlast", "acc_last"}});
  connect(epi, "s_acc_tkeep", hw::replicate(s.cols, hw::literal(1, 1)));
  const std::string to = s.passes == 1 ? "result" : "pass";  // a re-split core merges its passes' rows first
  for (const char* part : {"valid", "ready", "data", "last", "keep"})
    connect(epi, fmt::format("m_out_t{}", part), m.net(fmt::format("{}_{}", to, part)));
  m.add(epi);
}

}  // namespace bitloom::workload_rtl::core
