#include "generator/nonlinear/poly_rtl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "generator/nonlinear/verilog_expr.hpp"
#include "hw/printer.hpp"

namespace bitloom {

namespace {

using namespace vexpr;

// Value ranges of a table's coefficients per power, and of the products and
// accumulators of each Horner level over the codes the unit will see.
struct PolyRanges {
  std::vector<fx::Range> coef, prod, acc;
  int u_bits = 1;
};

PolyRanges poly_ranges(const PolyTable& t, uint64_t domain_codes) {
  const int d = t.degree;
  const int k = t.in_frac;
  PolyRanges pr;
  std::vector<fx::Range>& coef = pr.coef;
  std::vector<fx::Range>& prod = pr.prod;
  std::vector<fx::Range>& acc = pr.acc;
  int& u_bits = pr.u_bits;
  coef.resize(d + 1);
  prod.resize(d + 1);
  acc.resize(d + 1);
  for (int r = 0; r < t.rows(); ++r)
    for (int i = 0; i <= d; ++i) coef[i].add(t.c(r, i));
  for (int s : t.block_shift) u_bits = std::max(u_bits, s);
  const uint64_t end = std::min<uint64_t>(domain_codes, t.domain_codes());
  for (uint64_t code = 0; code < end; ++code) {
    const int row = t.row_of(code);
    const int64_t u = t.u_of(code);
    int64_t a = t.c(row, d);
    acc[d].add(a);
    for (int i = d - 1; i >= 0; --i) {
      const int64_t p = a * u + (k > 0 ? int64_t{1} << (k - 1) : 0);
      prod[i].add(p);
      a = t.c(row, i) + fx::floor_shift(p, k);
      acc[i].add(a);
    }
  }
  acc[d] = coef[d];
  return pr;
}

// Stage 0: t splits into block, offset, then the row and the code within its segment.
std::string row_decode(const PolyTable& t, int row_bits, int u_bits) {
  const int off_bits = t.block_bits;
  const int blk_bits = std::max(1, t.in_bits - t.block_bits);
  std::string v;
  if (t.in_bits > t.block_bits) {
    v += fmt::format("  wire [{}:0] block = t_i[{}:{}];\n", blk_bits - 1, t.in_bits - 1, t.block_bits);
  } else {
    v += "  wire [0:0] block = 1'b0;\n";
  }
  if (off_bits > 0) v += fmt::format("  wire [{}:0] offset = t_i[{}:0];\n", off_bits - 1, off_bits - 1);
  v += fmt::format("  reg  [{}:0] row;\n  reg  [{}:0] u;\n", row_bits - 1, u_bits - 1);
  v += "  always @* begin\n    case (block)\n";
  for (int b = 0; b < t.blocks(); ++b) {
    const int s = t.block_shift[b];
    const int idx_bits = off_bits - s;
    std::string row_expr = ulit(static_cast<uint64_t>(t.block_base[b]), row_bits);
    if (idx_bits > 0) {
      const std::string idx = fmt::format("offset[{}:{}]", off_bits - 1, s);
      row_expr += " + " + (row_bits > idx_bits ? fmt::format("{{{}'d0, {}}}", row_bits - idx_bits, idx)
                                               : fmt::format("offset[{}:{}]", s + row_bits - 1, s));
    }
    const std::string u_expr =
        s == 0 ? ulit(0, u_bits)
               : (u_bits > s ? fmt::format("{{{}'d0, offset[{}:0]}}", u_bits - s, s - 1)
                             : fmt::format("offset[{}:0]", s - 1));
    v += fmt::format("      {}: begin row = {}; u = {}; end\n", ulit(static_cast<uint64_t>(b), blk_bits),
                     row_expr, u_expr);
  }
  v += fmt::format("      default: begin row = {}; u = {}; end\n", ulit(0, row_bits), ulit(0, u_bits));
  v += "    endcase\n  end\n\n";

  return v;
}

// The coefficient ROM, one signed word per power.
std::string coefficient_rom(const PolyTable& t, const std::vector<fx::Range>& coef, int row_bits) {
  const int d = t.degree;
  std::string v;
  for (int i = 0; i <= d; ++i) v += fmt::format("  reg signed [{}:0] rom_c{};\n", coef[i].bits() - 1, i);
  v += "  always @* begin\n    case (row)\n";
  for (int r = 0; r < t.rows(); ++r) {
    v += fmt::format("      {}: begin", ulit(static_cast<uint64_t>(r), row_bits));
    for (int i = 0; i <= d; ++i) v += fmt::format(" rom_c{} = {};", i, slit(t.c(r, i), coef[i].bits()));
    v += " end\n";
  }
  v += "      default: begin";
  for (int i = 0; i <= d; ++i) v += fmt::format(" rom_c{} = {};", i, slit(0, coef[i].bits()));
  v += " end\n    endcase\n  end\n\n";

  return v;
}

// Stage 1 registers the row's coefficients and u; each later stage is one Horner step.
std::string horner_stages(const PolyTable& t, const PolyRanges& r) {
  const int d = t.degree;
  const int k = t.in_frac;
  const std::vector<fx::Range>& coef = r.coef;
  const std::vector<fx::Range>& prod = r.prod;
  const std::vector<fx::Range>& acc = r.acc;
  const int u_bits = r.u_bits;
  std::string v;
  v += "  // Stage 1: the row's coefficients.\n";
  for (int i = 0; i <= d; ++i) v += fmt::format("  reg signed [{}:0] s1_c{};\n", coef[i].bits() - 1, i);
  v += fmt::format("  reg [{}:0] s1_u;\n", u_bits - 1);
  v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
  for (int i = 0; i <= d; ++i) v += fmt::format("      s1_c{0} <= rom_c{0};\n", i);
  v += "      s1_u <= u;\n    end\n  end\n";

  // Horner stages: stage (d - i + 1) computes acc_i.
  std::string acc_prev = fmt::format("s1_c{}", d);
  int acc_prev_bits = coef[d].bits();
  for (int i = d - 1; i >= 0; --i) {
    const int st = d - i + 1;     // this stage's number
    const std::string src = fmt::format("s{}", st - 1);
    const int pw = std::max(prod[i].bits(), std::max(acc_prev_bits, u_bits + 1));
    const int sw = pw - k;        // width after the shift
    const int cw = coef[i].bits();
    const int aw = acc[i].bits();
    const int wide = std::max(sw, cw) + 1;
    v += fmt::format("\n  // Stage {}: acc{} = c{} + round(acc{} * u / 2^{}).\n", st, i, i, i + 1, k);
    v += fmt::format("  wire signed [{}:0] prod{} = {} * {};\n", pw - 1, i, sext(acc_prev, acc_prev_bits, pw),
                     fmt::format("$signed({})", zext(src + "_u", u_bits, pw)));
    if (k > 0) {
      v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
      v += fmt::format("  wire signed [{}:0] prod{}_rnd = prod{} + {};\n", pw - 1, i, i,
                       slit(int64_t{1} << (k - 1), pw));
      v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
      v += fmt::format("  wire signed [{}:0] prod{}_sh = prod{}_rnd[{}:{}];\n", sw - 1, i, i, pw - 1, k);
    } else {
      v += fmt::format("  wire signed [{}:0] prod{}_sh = prod{};\n", sw - 1, i, i);
    }
    v += "  // The range analysis bounds acc to its declared width; the top bits are sign copies.\n";
    v += "  /* verilator lint_off UNUSEDSIGNAL */\n";
    const std::string ps = fmt::format("prod{}_sh", i);
    const std::string cs = fmt::format("{}_c{}", src, i);
    v += fmt::format("  wire signed [{}:0] sum{} = {} + {};\n", wide - 1, i, sext(cs, cw, wide), sext(ps, sw, wide));
    v += "  /* verilator lint_on UNUSEDSIGNAL */\n";
    v += fmt::format("  reg signed [{}:0] s{}_acc;\n", aw - 1, st);
    for (int j = 0; j < i; ++j) v += fmt::format("  reg signed [{}:0] s{}_c{};\n", coef[j].bits() - 1, st, j);
    if (i > 0) v += fmt::format("  reg [{}:0] s{}_u;\n", u_bits - 1, st);
    v += "  always @(posedge clk_i) begin\n    if (en_i) begin\n";
    v += fmt::format("      s{}_acc <= sum{}[{}:0];\n", st, i, aw - 1);
    for (int j = 0; j < i; ++j) v += fmt::format("      s{}_c{} <= {}_c{};\n", st, j, src, j);
    if (i > 0) v += fmt::format("      s{}_u <= {}_u;\n", st, src);
    v += "    end\n  end\n";
    acc_prev = fmt::format("s{}_acc", st);
    acc_prev_bits = aw;
  }
  v += fmt::format("\n  assign value_o = {};\nendmodule\n", acc_prev);
  return v;
}

}  // namespace

PolyModule emit_poly_module(const std::string& name, const PolyTable& t, uint64_t domain_codes,
                            const std::string& purpose) {
  const int d = t.degree;
  const int k = t.in_frac;
  const PolyRanges ranges = poly_ranges(t, domain_codes);
  const std::vector<fx::Range>& acc = ranges.acc;
  const int row_bits = fx::unsigned_bits(std::max(1, t.rows() - 1));
  std::string v;
  v += fmt::format("// {}: {}.\n", name, purpose);
  v += fmt::format(
      "//\n// Piecewise polynomial of degree {} in {} rows: t is cut into blocks of 2^{} codes,\n"
      "// each block into segments of its own length; row = base + offset >> shift, u = the\n"
      "// code within the segment. Stage 1 looks the row up; each later stage is one Horner\n"
      "// step acc = c + round(acc * u / 2^{}). Latency {} cycles. Values in units of 2^-{}.\n",
      d, t.rows(), t.block_bits, k, 1 + d, t.frac);
  hw::Module head(name, "");
  head.input("clk_i");
  head.input("en_i");
  head.input_vector("t_i", t.in_bits);
  head.output_vector("value_o", acc[0].bits());
  head.make_signed("value_o");
  v += hw::print_module_head(head);

  v += row_decode(t, row_bits, ranges.u_bits);
  v += coefficient_rom(t, ranges.coef, row_bits);
  v += horner_stages(t, ranges);

  PolyModule pm;
  pm.module = {name, "table", v};
  pm.value_width = acc[0].bits();
  pm.latency = 1 + d;
  return pm;
}

}  // namespace bitloom
