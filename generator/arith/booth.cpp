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

namespace {

// Partial product d of p: (|digit d| * b) XOR neg, pw bits two's complement, and the
// +1 that completes a negation, both into the heap at weight 4^d (times 2^shift).
std::string partial_product(BitHeap& heap, const std::string& p, int d, int pw, int shift) {
  BitNetlist& net = heap.net();
  std::vector<BitId> word;
  for (int k = 0; k < pw; ++k) word.push_back(net.input(fmt::format("{}_pp[{}]", p, d * pw + k)));
  heap.add_signed(shift + 2 * d, word);
  heap.add_bit(shift + 2 * d, net.input(fmt::format("{}_neg[{}]", p, d)));
  return fmt::format("  assign {p}_pp[{lo} +: {pw}] = (({{{pw}{{{p}_one[{d}]}}}} & {p}_b_ext) |\n"
                     "                        ({{{pw}{{{p}_two[{d}]}}}} & {{{p}_b_ext[{pw2}:0], 1'b0}})) ^ {{{pw}{{{p}_neg[{d}]}}}};\n",
                     fmt::arg("p", p), fmt::arg("d", d), fmt::arg("lo", d * pw), fmt::arg("pw", pw),
                     fmt::arg("pw2", pw - 2));
}

std::string b_extension(const std::string& p, const std::string& b, int bw, bool b_signed) {
  const int pw = booth_product_width(bw, b_signed);
  const std::string b_top = b_signed ? fmt::format("{}[{}], ", b, bw - 1) : "2'b00, ";
  return fmt::format("  wire [{}:0] {}_b_ext = {{{}{}}};\n", pw - 1, p, b_top, b);
}

std::string products_declaration(const std::string& p, int n, int pw) {
  return fmt::format(
      "  // Partial product d is (|digit| * b) XOR neg, {pw} bits two's complement, at weight 4^d;\n"
      "  // the +1 that completes a negation enters the compressor tree as {p}_neg[d].\n"
      "  wire [{ppw1}:0] {p}_pp;\n",
      fmt::arg("p", p), fmt::arg("pw", pw), fmt::arg("ppw1", n * pw - 1));
}

// Partial product d from the sign-selected multiple: |digit d| * (neg ? nb : b), pw + 1
// bits two's complement, at weight 4^d (times 2^shift).
std::string multiple_product(BitHeap& heap, const std::string& p, int d, int pw, int shift) {
  BitNetlist& net = heap.net();
  std::vector<BitId> word;
  for (int k = 0; k <= pw; ++k) word.push_back(net.input(fmt::format("{}_pp[{}]", p, d * (pw + 1) + k)));
  heap.add_signed(shift + 2 * d, word);
  return fmt::format("  wire [{pw1}:0] {p}_signed_b{d} = {p}_neg[{d}] ? {p}_nb : {p}_b_ext;\n"
                     "  assign {p}_pp[{lo} +: {w}] = ({{{w}{{{p}_one[{d}]}}}} & {{{p}_signed_b{d}[{pw1}], {p}_signed_b{d}}}) |\n"
                     "                        ({{{w}{{{p}_two[{d}]}}}} & {{{p}_signed_b{d}, 1'b0}});\n",
                     fmt::arg("p", p), fmt::arg("d", d), fmt::arg("lo", d * (pw + 1)), fmt::arg("w", pw + 1),
                     fmt::arg("pw1", pw - 1));
}

std::string digits_declaration(const std::string& p, const BoothDigitWires& digits, int n) {
  return fmt::format(
      "  // The {n} radix-4 Booth digits of a, recoded outside (once for every PE that shares a).\n"
      "  wire [{n1}:0] {p}_neg = {neg};\n  wire [{n1}:0] {p}_one = {one};\n  wire [{n1}:0] {p}_two = {two};\n",
      fmt::arg("n", n), fmt::arg("n1", n - 1), fmt::arg("p", p), fmt::arg("neg", digits.neg),
      fmt::arg("one", digits.one), fmt::arg("two", digits.two));
}

}  // namespace

std::string negated_b_text(const std::string& b, int lo, int bw, bool b_signed) {
  const int pw = booth_product_width(bw, b_signed);
  const std::string top =
      b_signed ? fmt::format("{{{}{{{}[{}]}}}}", pw - bw, b, lo + bw - 1) : fmt::format("{}'b0", pw - bw);
  return fmt::format("-{{{}, {}[{} +: {}]}}", top, b, lo, bw);
}

BoothDigitWires booth_digit_logic(const std::string& x2, const std::string& x1, const std::string& x0) {
  return {x2, fmt::format("{} ^ {}", x1, x0), fmt::format("({0} & ~{1} & ~{2}) | (~{0} & {1} & {2})", x2, x1, x0)};
}

std::string booth_a_extension(const std::string& a, int aw, bool a_signed) {
  const int ext = 2 * booth_digit_count(aw, a_signed) - aw;  // bits above a's top in the recoded word
  const std::string a_top = ext == 0 ? "" :
      a_signed ? fmt::format("{{{}{{{}[{}]}}}}, ", ext, a, aw - 1) : fmt::format("{}'b0, ", ext);
  return fmt::format("{{{}{}, 1'b0}}", a_top, a);
}

std::string emit_booth_products_from_digits(BitHeap& heap, const std::string& p, const BoothDigitWires& digits,
                                            int n, const std::string& b, int bw, bool b_signed, int shift) {
  const int pw = booth_product_width(bw, b_signed);
  std::string v = digits_declaration(p, digits, n);
  v += b_extension(p, b, bw, b_signed);
  v += products_declaration(p, n, pw);
  for (int d = 0; d < n; ++d) v += partial_product(heap, p, d, pw, shift);
  return v;
}

std::string emit_booth_products_from_multiples(BitHeap& heap, const std::string& p, const BoothDigitWires& digits,
                                               int n, const std::string& b, const std::string& nb, int bw, bool b_signed,
                                               int shift) {
  const int pw = booth_product_width(bw, b_signed);
  std::string v = digits_declaration(p, digits, n);
  v += b_extension(p, b, bw, b_signed);
  v += fmt::format("  wire [{}:0] {}_nb = {};  // -b, negated outside (once for every PE that shares b)\n", pw - 1, p, nb);
  v += fmt::format(
      "  // Partial product d is |digit| * (neg ? -b : b), {w} bits two's complement, at weight 4^d.\n"
      "  wire [{all1}:0] {p}_pp;\n",
      fmt::arg("p", p), fmt::arg("w", pw + 1), fmt::arg("all1", n * (pw + 1) - 1));
  for (int d = 0; d < n; ++d) v += multiple_product(heap, p, d, pw, shift);
  return v;
}

}  // namespace bitloom::arith
