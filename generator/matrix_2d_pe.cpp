#include "generator/matrix_2d_pe.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"
#include "generator/arith/ent.hpp"
#include "generator/arith/prefix_adder.hpp"
#include "generator/carry_save_step.hpp"
#include "generator/sparse_encoder.hpp"
#include "generator/pe_modules.hpp"
#include "hw/leaf.hpp"
#include "hw/printer.hpp"

namespace bitloom {

namespace {

// What every 2D-Matrix PE has: its drain's ports, an accumulator (a word, or a (sum,
// carry) pair) and its clocked update.
// - overlap: `first` restarts the accumulator from zero, and `last` copies the finished
//   value into result registers, which hold it while the next tile accumulates;
// - shift: no result registers and no flags. While the array drains (shift_i) the
//   accumulator takes its lower neighbour's value instead of its own, and the array adds
//   nothing then; zeros come in below the last row, so a drained array starts at zero.
// With the shift drain, a multiply PE selects its lower neighbour's accumulator after
// the step, as the value its registers take: the accumulator then reaches the tree
// straight from its flops, ahead of the Booth partial products (which the
// arrival-ordered tree exploits), and the shift select, which every accumulator bit's
// multiplexer shares, stays off the tree's path: both the MAC and the OPT1 arrays clock
// faster for it (docs/arithmetic.md, "Arrival-ordered trees").
bool selects_after_step(const GemmConfig& g) { return g.shift_drain() && g.pe != PeKind::kSparseSerial; }

// The accumulator registers and what the next value adds to (sum_in, carry_in): for the
// sparse PE's shift drain, the lower neighbour's value while draining; for overlap, zero
// on `first`. When the step gates the restart itself (`step_restarts`: a multiply PE that
// restarts, restart_i), synthesis merges the gate into the tree, and a PE that selects
// after its step adds to the registers themselves: neither declares sum_in.
std::string accumulator(const GemmConfig& g, bool pair, bool step_restarts) {
  const bool shift = g.shift_drain();
  std::string v = fmt::format("  reg  [{}:0] sum_q{};\n", g.c_width - 1, pair ? ", carry_q" : "");
  if (step_restarts) return v;
  auto start = [&](const std::string& r, const std::string& below) {
    return shift ? fmt::format("shift_i ? {} : {}_q", below, r) : fmt::format("first_i ? {}'d0 : {}_q", g.c_width, r);
  };
  if (!selects_after_step(g)) {
    v += fmt::format("  wire [{}:0] sum_in = {};\n", g.c_width - 1, start("sum", pair ? "below_sum_i" : "below_i"));
    if (pair) v += fmt::format("  wire [{}:0] carry_in = {};\n", g.c_width - 1, start("carry", "below_carry_i"));
  }
  if (shift) v += pair ? "  assign sum_o = sum_q;\n  assign carry_o = carry_q;\n" : "  assign acc_o = sum_q;\n";
  return v;
}

std::string accumulate_and_capture(const GemmConfig& g, bool pair) {
  if (selects_after_step(g))
    return pair ? "  always @(posedge clk_i) begin\n    sum_q   <= shift_i ? below_sum_i : sum_d;\n"
                  "    carry_q <= shift_i ? below_carry_i : carry_d;\n  end\n"
                : "  always @(posedge clk_i) sum_q <= shift_i ? below_i : sum_d;\n";
  if (g.shift_drain())
    return pair ? "  always @(posedge clk_i) begin\n    sum_q   <= sum_d;\n    carry_q <= carry_d;\n  end\n"
                : "  always @(posedge clk_i) sum_q <= sum_d;\n";
  return pair ? "  always @(posedge clk_i) begin\n    sum_q   <= sum_d;\n    carry_q <= carry_d;\n    if (last_i) begin\n"
                "      result_sum_o   <= sum_d;\n      result_carry_o <= carry_d;\n    end\n  end\n"
              : "  always @(posedge clk_i) begin\n    sum_q <= sum_d;\n    if (last_i) result_o <= sum_d;\n  end\n";
}

// The end of the header comment, on the drain: overlap's as it always was, or shift's.
std::string drain_comment(const GemmConfig& g, bool sparse) {
  if (g.shift_drain())
    return "\ndrain: shift, so no result registers and no restart: while the array drains\n"
           "(shift_i), the accumulator takes its lower neighbour's value, and nothing is added\n"
           "then; zeros come in below the last row, so a drained array starts at zero.";
  return sparse ? " `first`\nrestarts the accumulator, `last` copies the finished pair into the result registers."
                : " A beat flagged `first` restarts it from\nthe product; one flagged `last` copies the finished "
                  "result into the result registers,\nwhich hold it while the next tile accumulates.";
}

struct DrainPorts {
  std::vector<std::string> inputs, outputs;
};

// The drain's inputs (overlap: first_i, last_i; shift: shift_i and the lower neighbour's
// accumulator) and the result outputs (overlap: result registers; shift: the accumulator).
DrainPorts drain_and_result_ports(hw::Module& m, const GemmConfig& g, bool pair) {
  DrainPorts d;
  if (!g.shift_drain()) {
    d.inputs = {"first_i", "last_i"};
    for (const std::string& in : d.inputs) m.input(in);
  } else {
    m.input("shift_i");
    d.inputs = pair ? std::vector<std::string>{"below_sum_i", "below_carry_i"} : std::vector<std::string>{"below_i"};
    for (const std::string& below : d.inputs) m.input_vector(below, g.c_width);
    d.inputs.insert(d.inputs.begin(), "shift_i");
  }
  std::vector<std::string> outs = pair ? std::vector<std::string>{"sum_o", "carry_o"}
                                       : std::vector<std::string>{g.shift_drain() ? "acc_o" : "o"};
  for (const std::string& out : outs) {
    d.outputs.push_back(g.shift_drain() ? out : "result_" + out);
    if (g.shift_drain()) m.output_vector(out, g.c_width);
    else m.output_reg_vector(d.outputs.back(), g.c_width);
  }
  return d;
}

hw::Module multiply_pe(const GemmConfig& g, const std::string& pe) {
  const bool mac = g.pe == PeKind::kMac, restarts = pe_restarts(g), shift = g.shift_drain();
  hw::Module m(pe, fmt::format("{}: one {} PE of the 2D-Matrix array: {}\n"
                               "a and b are broadcast along the PE's row and column, a as its radix-4 Booth digits:\n"
                               "the array recodes each activation once for its whole row\n"
                               "({}_recode){}. The array feeds a = 0 on empty slots, so the\n"
                               "accumulator needs no enable.{}",
                               pe, name(g.pe),
                               mac ? "acc <= acc + a*b, the add a parallel-prefix adder in the loop.\n"
                                   : "a (sum, carry) accumulator, no carry-propagate add in the loop.\n",
                               pe, g.negated_multiples() ? ", and b comes with -b (nb_i), negated once\nfor the PE's column" : "",
                               drain_comment(g, false)));
  m.input("clk_i");
  const int digits = arith::booth_digit_count(g.a.width, g.a.is_signed), cw = g.c_width;
  hw::Instance step{pe + "_step_digits", "u_step", "", {}};
  for (const char* plane : {"neg_i", "one_i", "two_i"}) hw::connect(step, plane, m.input_vector(plane, digits));
  hw::connect(step, "b_i", m.input_vector("b_i", g.b.width));
  if (g.negated_multiples())
    hw::connect(step, "nb_i", m.input_vector("nb_i", negated_b_width(g),
                                             "-b, negated once for the PE's column"));
  const DrainPorts drain = drain_and_result_ports(m, g, !mac);
  // The accumulator's own nets: sum<suffix>, and carry<suffix> for a pair.
  auto own = [&](const std::string& suffix) {
    return mac ? std::vector<std::string>{"sum" + suffix} : std::vector<std::string>{"sum" + suffix, "carry" + suffix};
  };
  // accumulator()'s text declares sum_q (carry_q) and, unless the step restarts or the PE
  // selects after it, sum_in (carry_in), which read the drain's inputs; the shift drain's
  // outputs are its assigns.
  const hw::Expr sum_q = m.raw_wire("sum_q", cw), carry_q = mac ? hw::Expr{} : m.raw_wire("carry_q", cw);
  std::vector<std::string> drives, reads;
  const bool after = selects_after_step(g);
  if (!restarts && !after) {
    drives = own("_in");
    for (const std::string& d : drives) m.raw_wire(d, cw);
    reads = drain.inputs;
  }
  if (shift) drives.insert(drives.end(), drain.outputs.begin(), drain.outputs.end());
  m.raw(accumulator(g, !mac, restarts), drives, reads);
  const hw::Expr row0 = mac ? m.raw_wire("row0", cw) : hw::Expr{};
  if (mac) m.raw(fmt::format("  wire [{}:0] row0;  // the step's sum row; its carry row is carry_d\n", cw - 1), {}, {});
  m.raw(fmt::format("  wire [{}:0] sum_d, carry_d;\n", cw - 1), {}, {});
  const hw::Expr sum_d = m.raw_wire("sum_d", cw), carry_d = m.raw_wire("carry_d", cw);
  if (restarts) hw::connect(step, "restart_i", m.net("first_i"));
  const bool from_flops = restarts || after;
  hw::connect(step, "sum_i", from_flops ? sum_q : m.net("sum_in"));
  if (!mac) hw::connect(step, "carry_i", from_flops ? carry_q : m.net("carry_in"));
  hw::connect(step, "sum_o", mac ? row0 : sum_d);
  hw::connect(step, "carry_o", carry_d);
  m.add(step);
  if (mac) {
    hw::Instance add{pe + "_add", "u_add", "", {}};
    hw::connect(add, "a_i", row0);
    hw::connect(add, "b_i", carry_d);
    hw::connect(add, "sum_o", sum_d);
    m.add(add);
  }
  std::vector<std::string> updated = own("_q"), update_reads = own("_d");
  if (!shift) {
    updated.insert(updated.end(), drain.outputs.begin(), drain.outputs.end());
    update_reads.push_back("last_i");
  } else if (after) {
    update_reads.insert(update_reads.end(), drain.inputs.begin(), drain.inputs.end());
  }
  m.raw(accumulate_and_capture(g, !mac), updated, update_reads);
  return m;
}

std::string sparse_pe(const GemmConfig& g, const std::string& pe) {
  const int digits = arith::ent_digit_count(g.a.width, g.a.is_signed);
  const int sw = sparse_slot_bits(g), ww = sparse_weight_bits(g), cw = g.c_width, bw = g.b.width;
  // The selected multiple, shifted by up to 2 * (digits - 1), before the mod-2^CW cut.
  const int xw = cw + bw + 2 * digits;
  hw::Module head(pe, fmt::format(
      "{}: one sparse bit-serial PE of the 2D-Matrix array (TPE OPT3/OPT4C).\n\n"
      "Each cycle the row's encoder issues at most one EN-T digit of one activation of its\n"
      "group: its magnitude (one_i: 1, two_i: 2, neither: no digit), its sign (neg_i), the\n"
      "group slot it belongs to (slot_i) and its bit weight (weight_i: the digit counts\n"
      "4^weight). The PE selects that slot's b from its column's group (b_i), forms\n"
      "+-b or +-2b shifted by 2 * weight and adds it to its (sum, carry) accumulator in one\n"
      "row of full adders; the negation's +1 enters the carry vector's free bit 0.{}",
      pe, drain_comment(g, true)));
  head.input("clk_i");
  head.input_vector("b_i", g.group * bw);
  head.input_vector("slot_i", sw);
  head.input_vector("weight_i", ww);
  for (const char* digit : {"one_i", "two_i", "neg_i"}) head.input(digit);
  drain_and_result_ports(head, g, true);
  return hw::print_module_head(head) + fmt::format(
      R"(
  localparam integer B_WIDTH = {bw};
  wire [B_WIDTH-1:0] b = b_i[slot_i*B_WIDTH +: B_WIDTH];
  // The multiple in {xw} bits: enough for 2b shifted by the top weight; only the low {cw} count.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [{x1}:0] b_ext = {{{{{xb}{{{bsign}}}}}, b}};
  wire [{x1}:0] multiple = ({{{xw}{{one_i}}}} & b_ext) | ({{{xw}{{two_i}}}} & {{b_ext[{x2}:0], 1'b0}});
  wire [{x1}:0] shifted = multiple << {{weight_i, 1'b0}};
  /* verilator lint_on UNUSEDSIGNAL */
  wire [{c1}:0] term = shifted[{c1}:0] ^ {{{cw}{{neg_i}}}};
{accumulator}  wire [{c1}:0] sum_d = sum_in ^ carry_in ^ term;
  // The top bit's carry leaves the word (mod 2^{cw}).
  wire [{c2}:0] majority = (sum_in[{c2}:0] & carry_in[{c2}:0]) | (sum_in[{c2}:0] & term[{c2}:0]) |
                         (carry_in[{c2}:0] & term[{c2}:0]);
  wire [{c1}:0] carry_d = {{majority, neg_i}};
{update}endmodule
`resetall
)",
      fmt::arg("c1", cw - 1), fmt::arg("c2", cw - 2), fmt::arg("cw", cw), fmt::arg("bw", bw), fmt::arg("xw", xw),
      fmt::arg("x1", xw - 1), fmt::arg("x2", xw - 2), fmt::arg("xb", xw - bw),
      fmt::arg("bsign", g.b.is_signed ? fmt::format("b[{}]", bw - 1) : "1'b0"),
      fmt::arg("accumulator", accumulator(g, true, false)),
      fmt::arg("update", accumulate_and_capture(g, true)));
}

}  // namespace

void add_matrix_2d_pe(Design& d, const GemmConfig& g, const std::string& pe) {
  if (g.pe == PeKind::kSparseSerial) {
    d.modules.push_back({pe, "pe", sparse_pe(g, pe)});
    return;
  }
  const bool mac = g.pe == PeKind::kMac;
  const arith::TreeStats st = add_digit_step(d, g, pe, 1);
  if (mac) d.modules.push_back(arith::prefix_adder_module(pe + "_add", g.c_width));
  std::vector<hw::Module> children{module_interface(d, pe + "_step_digits")};
  if (mac) children.push_back(module_interface(d, pe + "_add"));
  d.modules.push_back(hw::checked_parent(multiply_pe(g, pe), children, "pe"));
  d.tree = tree_stats_json(st);
}

}  // namespace bitloom
