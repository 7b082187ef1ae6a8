#include "generator/arith/booth.hpp"

#include <fmt/format.h>

namespace bitloom::arith {

int booth_digit_count(int width, bool is_signed) { return is_signed ? (width + 1) / 2 : (width + 2) / 2; }

int booth_product_width(int b_width, bool b_signed) { return b_signed ? b_width + 1 : b_width + 2; }

std::vector<int> booth_digits(int64_t a, int width, bool is_signed) {
  const int n = booth_digit_count(width, is_signed);
  // Bit k of a as the hardware sees it: sign- or zero-extended past the top.
  auto bit = [&](int k) -> int {
    if (k < 0) return 0;
    if (k >= width) return is_signed ? static_cast<int>((a >> (width - 1)) & 1) : 0;
    return static_cast<int>((a >> k) & 1);
  };
  std::vector<int> d;
  for (int i = 0; i < n; ++i) d.push_back(-2 * bit(2 * i + 1) + bit(2 * i) + bit(2 * i - 1));
  return d;
}

std::string emit_booth_products(BitHeap& heap, const std::string& p, const std::string& a,
                                int aw, bool a_signed, const std::string& b, int bw, bool b_signed,
                                int shift) {
  const int n = booth_digit_count(aw, a_signed);
  const int pw = booth_product_width(bw, b_signed);
  const int ext = 2 * n - aw;  // bits above a's top in the recoded word
  const std::string a_top = ext == 0 ? "" :
      a_signed ? fmt::format("{{{}{{{}[{}]}}}}, ", ext, a, aw - 1) : fmt::format("{}'b0, ", ext);
  const std::string b_top = b_signed ? fmt::format("{}[{}], ", b, bw - 1) : "2'b00, ";

  std::string v = fmt::format(
      "  // Radix-4 Booth recoding of {a}: {n} digits in {{-2..2}}; bit 0 of {p}_a_ext is a[-1] = 0.\n"
      "  wire [{aext}:0] {p}_a_ext = {{{a_top}{a}, 1'b0}};\n"
      "  wire [{pw1}:0] {p}_b_ext = {{{b_top}{b}}};\n"
      "  wire [{n1}:0] {p}_neg, {p}_one, {p}_two;\n"
      "  // Partial product d is (|digit| * b) XOR neg, {pw} bits two's complement, at weight 4^d;\n"
      "  // the +1 that completes a negation enters the compressor tree as {p}_neg[d].\n"
      "  wire [{ppw1}:0] {p}_pp;\n",
      fmt::arg("a", a), fmt::arg("n", n), fmt::arg("p", p), fmt::arg("aext", 2 * n),
      fmt::arg("a_top", a_top), fmt::arg("pw1", pw - 1), fmt::arg("b_top", b_top),
      fmt::arg("b", b), fmt::arg("n1", n - 1), fmt::arg("pw", pw), fmt::arg("ppw1", n * pw - 1));
  BitNetlist& net = heap.net();
  for (int d = 0; d < n; ++d) {
    const std::string x2 = fmt::format("{}_a_ext[{}]", p, 2 * d + 2);
    const std::string x1 = fmt::format("{}_a_ext[{}]", p, 2 * d + 1);
    const std::string x0 = fmt::format("{}_a_ext[{}]", p, 2 * d);
    v += fmt::format("  assign {p}_neg[{d}] = {x2};\n"
                     "  assign {p}_one[{d}] = {x1} ^ {x0};\n"
                     "  assign {p}_two[{d}] = ({x2} & ~{x1} & ~{x0}) | (~{x2} & {x1} & {x0});\n"
                     "  assign {p}_pp[{lo} +: {pw}] = (({{{pw}{{{p}_one[{d}]}}}} & {p}_b_ext) |\n"
                     "                        ({{{pw}{{{p}_two[{d}]}}}} & {{{p}_b_ext[{pw2}:0], 1'b0}})) ^ {{{pw}{{{p}_neg[{d}]}}}};\n",
                     fmt::arg("p", p), fmt::arg("d", d), fmt::arg("x2", x2), fmt::arg("x1", x1),
                     fmt::arg("x0", x0), fmt::arg("lo", d * pw), fmt::arg("pw", pw),
                     fmt::arg("pw2", pw - 2));
    std::vector<BitId> word;
    for (int k = 0; k < pw; ++k) word.push_back(net.input(fmt::format("{}_pp[{}]", p, d * pw + k)));
    heap.add_signed(shift + 2 * d, word);
    heap.add_bit(shift + 2 * d, net.input(fmt::format("{}_neg[{}]", p, d)));
  }
  return v;
}

}  // namespace bitloom::arith
