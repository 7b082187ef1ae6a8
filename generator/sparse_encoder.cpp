#include "generator/sparse_encoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "generator/arith/ent.hpp"
#include "generator/arith/ent_dot.hpp"
#include "generator/nonlinear/pipeline_verilog.hpp"
#include "hw/header_reader.hpp"
#include "hw/leaf.hpp"

namespace bitloom {

namespace {
// Bits of a field that indexes `values` things (one at least).
int bits_for(int values) { return std::max(1, vpipe::clog2(values)); }
constexpr const char* kEncoderComment = R"({name}: the sparse bit-serial encoder of one PE row (TPE OPT3/OPT4C).

load_i takes a group of {g} activations and recodes each into {d} EN-T digits; every
cycle with run_i the lowest nonzero digit left (slot first, then bit weight) is issued
to the row's PEs and cleared. A group with k nonzero digits issues for k cycles (the
array gives an empty group one cycle, with nothing issued); final_o says that this
cycle's issue is the group's last. Digit i of slot s is bit s*{p} + i of the masks.)";

constexpr const char* kEncoderHead = R"(  localparam integer A_WIDTH = {aw};
  localparam integer DIGITS = {d};
  localparam integer PITCH = {p};  // mask bits per slot: DIGITS rounded up to a power of two
  localparam integer N = {n};
  genvar gs, gi;
  wire [{gd1}:0] one_d, two_d, neg_d;
  wire [N-1:0] mask_d, two_bits_d, neg_bits_d;
)";

// One slot's digits into the masks (digit slots past DIGITS, up to PITCH, are zero).
constexpr const char* kSlotMasks = R"(      for (gi = 0; gi < PITCH; gi = gi + 1) begin : gen_digit
        if (gi < DIGITS) begin : gen_real
          assign mask_d[gs*PITCH+gi]     = one_d[gs*DIGITS+gi] | two_d[gs*DIGITS+gi];
          assign two_bits_d[gs*PITCH+gi] = two_d[gs*DIGITS+gi];
          assign neg_bits_d[gs*PITCH+gi] = neg_d[gs*DIGITS+gi];
        end else begin : gen_pad
          assign mask_d[gs*PITCH+gi]     = 1'b0;
          assign two_bits_d[gs*PITCH+gi] = 1'b0;
          assign neg_bits_d[gs*PITCH+gi] = 1'b0;
        end
      end
)";

constexpr const char* kEncoderIssue = R"(
  reg [N-1:0] mask_q, two_q, neg_q;
  // The lowest digit left, and the mask without it.
  reg [{iw1}:0] pick;
  integer n;
  always @* begin
    pick = {iw}'d0;
    for (n = N - 1; n >= 0; n = n - 1)
      if (mask_q[n]) pick = n[{iw1}:0];
  end
  wire [N-1:0] one = {{{{(N-1){{1'b0}}}}, 1'b1}};
  wire [N-1:0] rest = mask_q & (mask_q - one);
  wire any = |mask_q;
  wire issue = rst_ni && run_i && any;
  // final_o comes from a flop, decided a cycle ahead: whether next cycle's mask holds at
  // most one digit (the loaded group's, or this one's after two more are cleared). The
  // array ANDs every row's final_o and the result loads every encoder, so a final_o
  // computed from mask_q in the same cycle would put a mask scan on that path.
  wire [N-1:0] load_rest = mask_d & (mask_d - one);
  wire [N-1:0] rest_rest = rest & (rest - one);
  reg  final_q;
  assign final_o = final_q;
  always @(posedge clk_i) begin
    if (load_i) begin
      mask_q  <= mask_d;
      two_q   <= two_bits_d;
      neg_q   <= neg_bits_d;
      final_q <= load_rest == {{N{{1'b0}}}};
    end else if (run_i) begin
      mask_q  <= rest;
      final_q <= rest_rest == {{N{{1'b0}}}};
    end
    one_o    <= issue && !two_q[pick];
    two_o    <= issue && two_q[pick];
    neg_o    <= issue && neg_q[pick];
    slot_o   <= pick[{iw1}:{ww}];
    weight_o <= pick[{ww1}:0];
  end
)";

}  // namespace

int sparse_slot_bits(const GemmConfig& g) { return bits_for(g.group); }
int sparse_weight_bits(const GemmConfig& g) { return bits_for(arith::ent_digit_count(g.a.width, g.a.is_signed)); }

std::vector<VerilogModule> sparse_encoder_modules(const std::string& name, const GemmConfig& g) {
  using hw::Sym;
  const int digits = arith::ent_digit_count(g.a.width, g.a.is_signed);
  const int sw = sparse_slot_bits(g), ww = sparse_weight_bits(g), n = g.group << ww;
  const VerilogModule recoder = arith::ent_recode_module(name + "_recode", g.a.width, g.a.is_signed);
  auto args = [&](const char* text) {
    return fmt::format(fmt::runtime(text), fmt::arg("name", name), fmt::arg("g", g.group), fmt::arg("d", digits),
                       fmt::arg("p", 1 << ww), fmt::arg("n", n), fmt::arg("aw", g.a.width),
                       fmt::arg("ww1", ww - 1), fmt::arg("ww", ww), fmt::arg("gd1", g.group * digits - 1),
                       fmt::arg("iw", sw + ww), fmt::arg("iw1", sw + ww - 1));
  };
  hw::Module m(name, args(kEncoderComment));
  for (const char* in : {"clk_i", "rst_ni", "load_i", "run_i"}) m.input(in);
  const hw::Expr a = m.input_vector("a_i", g.group * g.a.width);
  m.output("final_o");
  for (const char* out : {"one_o", "two_o", "neg_o"}) m.output_reg(out);
  m.output_reg_vector("slot_o", sw);
  m.output_reg_vector("weight_o", ww);
  m.raw(args(kEncoderHead), {}, {});
  std::map<std::string, hw::Expr> net;
  for (const char* d : {"one_d", "two_d", "neg_d"}) net[d] = m.raw_wire(d, g.group * digits);
  for (const char* d : {"mask_d", "two_bits_d", "neg_bits_d"}) net[d] = m.raw_wire(d, n);
  const Sym aw = Sym::named("A_WIDTH", g.a.width), digit = Sym::named("DIGITS", digits), pitch = Sym::named("PITCH", 1 << ww);
  m.loop({"gen_slot", "gs", g.group, [&](hw::LoopBody& b, const Sym& gs) {
            hw::Instance u{recoder.name, "u_recode", "", {}};
            hw::connect(u, "a_i", hw::part_at(a, gs * aw, aw));
            for (const char* d : {"one", "two", "neg"})
              hw::connect(u, std::string(d) + "_o", hw::part_at(net[std::string(d) + "_d"], gs * digit, digit));
            b.add(u);
            std::vector<hw::Expr> masks, digits_read;
            for (const char* d : {"mask_d", "two_bits_d", "neg_bits_d"}) masks.push_back(hw::part_at(net[d], gs * pitch, pitch));
            for (const char* d : {"one_d", "two_d", "neg_d"}) digits_read.push_back(hw::part_at(net[d], gs * digit, digit));
            b.raw_bits(kSlotMasks, masks, digits_read);
          }});
  m.raw(args(kEncoderIssue), {"final_o", "one_o", "two_o", "neg_o", "slot_o", "weight_o"},
        {"clk_i", "rst_ni", "load_i", "run_i", "mask_d", "two_bits_d", "neg_bits_d"});
  return {recoder, hw::checked_parent(m, {hw::read_module_header(recoder.text)}, "encoder")};
}

}  // namespace bitloom
