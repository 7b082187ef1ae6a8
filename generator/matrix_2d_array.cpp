#include "generator/matrix_2d_array.hpp"

#include <fmt/format.h>

#include <cmath>

#include "generator/arith/ent.hpp"
#include "generator/arith/prefix_adder.hpp"
#include "generator/array_drain.hpp"
#include "generator/broadcast_pe_grid.hpp"
#include "generator/carry_save_step.hpp"
#include "generator/fanout_reg.hpp"
#include "generator/matrix_2d_pe.hpp"
#include "generator/matrix_2d_sparse.hpp"
#include "generator/operand_copies.hpp"
#include "generator/sparse_encoder.hpp"
#include "generator/step_reference.hpp"
#include "generator/tile_array_common.hpp"

namespace bitloom {

namespace {

// mac / opt1: the beat is registered at edge 0, the PEs capture a K = 1 tile at edge 1,
// the row is marked done at edge 1 and ready at edge 2 (+ the drain's register). With the
// shift drain the drain counts its rows in at edge 0, registers its first shift at edge 1
// (when the PEs take their last product) and row 0 enters the output buffer at edge 2.
int broadcast_latency(const GemmConfig& g) { return g.shift_drain() ? 3 : 3 + drain_latency(g); }

// sparse_serial: from the edge that ends a tile's last issue cycle to its first m_c
// beat (the last issue is registered, the PEs capture it, the row is ready, the drain
// registers the pair); the time before that is the cycle model's.
// With the shift drain, the drain counts its rows in as the last issue cycle ends and
// registers its first shift on the edge the PEs take that issue: one cycle less.
int sparse_latency_after_issue(const GemmConfig& g) { return g.shift_drain() ? 3 : 4; }

constexpr const char* kBroadcast = R"(
  // Operands are registered and broadcast: PE(i, j) sees lane i of A (as its Booth
  // digits, recoded once per row) and lane j of B. Each register copy (a module of its
  // own, so that synthesis keeps it) drives at most FANOUT PEs, so no flop drives a
  // whole row or column. Empty slots carry a = 0, so the PEs need no accumulator enable.
{copies}{flags}{pe_array})";

// The tile's end as the PEs see it: overlap flags (copied per row by the caller), or
// for the shift drain the cycle from which every PE holds its result.
constexpr const char* kBroadcastFlags = R"(  wire first_d = rst_n && beat_fire && first_pending_q;
  wire last_d  = rst_n && beat_fire && beat_last;
  wire [ROWS-1:0] first_row, last_row;
  reg  captured_q;  // the PEs captured a tile's results on the last edge
  always @(posedge clk) captured_q <= rst_n && last_row[0];
  wire [ROWS-1:0] row_done = {ROWS{captured_q}};
)";

constexpr const char* kBroadcastDone = R"(  // The PEs add a tile's last beat on the edge after it is registered, which is the edge
  // the drain's first shift is registered on, so the drain counts its rows in as the beat
  // is taken.
  wire all_done = rst_n && beat_fire && beat_last;
)";

// A B-side bus held in register copies of `lane` bits per PE column (one copy per FANOUT
// PE rows, copy k at k*<beat>): PE(gr, gc) reads lane gc of copy gr/FANOUT.
ColumnBus copied_column_bus(const GemmConfig& g, const std::string& net, int lane, const char* lane_name,
                            const char* beat_name) {
  const int copies = (g.rows + kRegisterCopyFanout - 1) / kRegisterCopyFanout;
  return {net, copies * g.cols * lane, [&g, lane, lane_name, beat_name](const hw::Expr& bus, const hw::Sym& gr, const hw::Sym& gc) {
            const hw::Sym width = hw::Sym::named(lane_name, lane);
            return hw::part_at(bus, gr / hw::Sym::named("FANOUT", kRegisterCopyFanout) *
                                        hw::Sym::named(beat_name, g.cols * lane) + gc * width, width);
          }};
}

std::string broadcast_pe_array(const Design& d, const GemmConfig& g, const std::string& pe) {
  BroadcastGrid how;
  how.b = copied_column_bus(g, "b_in_q", g.b.width, "B_WIDTH", "B_BEAT");
  if (g.negated_multiples()) how.nb = copied_column_bus(g, "nb_in_q", negated_b_width(g), "NB_WIDTH", "NB_BEAT");
  how.first = "first_row";
  how.last = "last_row";
  return fmt::format("\n  // ---------------------------------------------------------------- PE array\n{}\n{}",
                     result_wires(g), broadcast_pe_grid(d, g, pe, how));
}

std::string top_module(const Design& d, const GemmConfig& g, const std::string& body) {
  const bool sparse = g.pe == PeKind::kSparseSerial;
  std::string text = fmt::format(
      R"(// {top}: {rows}x{cols} 2D-Matrix array of {pe} PEs.
//
// Protocol os_tile. One tile computes C = A*B with A {rows}xK and B Kx{cols}, K >= 1 chosen
// at run time. Beat k of s_a is column k of A (lane i = A[i][k]); beat k of s_b is row k
// of B (lane j = B[k][j]); both take tlast on k = K-1 and are taken together (each
// tready waits for the other stream's tvalid). Results leave on m_c as {rows} beats,
// row 0 first (lane j = C[i][j]), tlast on row {last_row}. Lanes are little-endian:
// lane n is bits [n*W +: W]. Operands are broadcast along the PE rows and columns.
//
{drain_note}
// {timing}
{header}{input_control})",
      fmt::arg("top", g.name), fmt::arg("rows", g.rows), fmt::arg("cols", g.cols), fmt::arg("pe", g.pe),
      fmt::arg("last_row", g.rows - 1), fmt::arg("drain_note", drain_note(g)),
      fmt::arg("timing",
               sparse ? fmt::format("Throughput depends on the data: a group of {} beats takes as many cycles as the\n"
                                    "// row with the most nonzero EN-T digits in it has digits (at least one), and\n"
                                    "// s_a/s_b wait meanwhile. Latency: {} cycles after a tile's last digit is issued.",
                                    g.group, sparse_latency_after_issue(g))
                      : fmt::format("Latency (K = 1, no stalls): {} cycles from the s_a beat to the first m_c beat.",
                                    broadcast_latency(g))),
      // The flag copies (overlap) and the sparse front end loop over gl, the operand
      // copies over gk.
      fmt::arg("header", tile_module_header(g, sparse ? "gl, gr, gc" : g.shift_drain() ? "gk, gr, gc" : "gk, gl, gr, gc")),
      fmt::arg("input_control",
               tile_input_control(g.shift_drain(), sparse ? "!load_full_q" : "", "for room in the load buffer")));
  if (sparse)
    // Not on the handover edge itself: B moves to the PEs a cycle after the encoders take
    // A, and until then the load buffer must still hold it.
    text += "  // The load buffer takes beats while it is not full.\n"
            "  reg  load_full_q;\n  wire handover;\n";
  text += body;
  // Both front ends drive first_d / last_d: registered once per PE row, each copy a
  // module of its own, so no one flop drives the restart or capture of every PE.
  if (!g.shift_drain()) text += "\n" + beat_flag_copies(d, g, "first_row", "last_row");
  text += drain_section(d, g);
  text += "endmodule\n`resetall\n";
  return text;
}

}  // namespace

Design build_matrix_2d_array(const GemmConfig& g) {
  const bool sparse = g.pe == PeKind::kSparseSerial;
  Design d = os_tile_design(g, sparse ? sparse_latency_after_issue(g) : broadcast_latency(g));
  const std::string pe = g.name + "_pe";
  add_matrix_2d_pe(d, g, pe);
  if (carry_save_results(g)) d.modules.push_back(arith::prefix_adder_module(final_adder_name(g), g.c_width));
  std::string body;
  if (!g.shift_drain())
    add_beat_flag_module(d, g);
  if (sparse) {
    for (auto& m : sparse_encoder_modules(g.name + "_encoder", g)) d.modules.push_back(std::move(m));
    body = sparse_array_body(d, g, pe, g.name + "_encoder");
    d.step_reference = sparse_pe_reference_module(g, pe, g.name + "_encoder_recode");
    d.proof_everts = pe;
    d.latency_cycles_per_beat = 0;  // data-dependent (docs/sparse_serial.md)
    // The cycle model's prediction for int8-like data from N(0, sigma), the paper's sigmas:
    // issue cycles per operand, rows in lockstep (64 groups per row, seed 1).
    for (int sigma : {10, 20, 30, 40, 50})
      d.params[fmt::format("sparse_model_cycles_per_operand_sigma{}", sigma)] =
          std::round(1e4 * arith::sparse_lockstep_cycles_per_operand(g.rows, g.a.width, g.a.is_signed, g.group, sigma,
                                                                     1, 64 * g.group)) / 1e4;
  } else {
    add_operand_copy_modules(d, g);
    body = fmt::format(fmt::runtime(kBroadcast), fmt::arg("copies", operand_copy_registers(d, g, pe + "_recode")),
                       fmt::arg("flags", g.shift_drain() ? kBroadcastDone : kBroadcastFlags),
                       fmt::arg("pe_array", broadcast_pe_array(d, g, pe)));
  }
  d.modules.push_back({g.name, "top", top_module(d, g, body)});
  return d;
}

}  // namespace bitloom
