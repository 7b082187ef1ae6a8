#include "generator/recoder_loops.hpp"

#include <fmt/format.h>

#include "generator/arith/booth.hpp"

namespace bitloom {

using hw::Sym;

int digit_code_bits(const GemmConfig& g) { return 3 * arith::booth_digit_count(g.a.width, g.a.is_signed); }

std::string recoder_loop(const Design& d, const std::string& recoder, const std::string& var, const Sym& count,
                         const RecoderWiring& wiring) {
  hw::Fragment f(recoder + " loop");
  f.know(module_interface(d, recoder));
  const auto at = wiring(f);
  f.items().loop({"gen_recode", var, count, [&](hw::LoopBody& b, const Sym& index) {
                    const RecoderPorts p = at(index);
                    hw::Instance u{recoder, "u_recode", "", {}};
                    hw::connect(u, "a_i", p.a);
                    hw::connect(u, "neg_o", p.neg);
                    hw::connect(u, "one_o", p.one);
                    hw::connect(u, "two_o", p.two);
                    b.add(u);
                  }});
  return f.checked_text();
}

std::string edge_recoders(const Design& d, const GemmConfig& g, const std::string& recoder, const Sym& lanes,
                          const std::string& in, const std::string& out) {
  const int digits = arith::booth_digit_count(g.a.width, g.a.is_signed);
  const Sym aw = Sym::named("A_WIDTH", g.a.width), digit = Sym::named("DIGITS", digits);
  const Sym code = Sym::named("A_CODE", 3 * digits);
  auto wiring = [&](hw::Fragment& f) {
    const hw::Expr a = f.from_text(in, static_cast<int>(lanes.value()) * g.a.width);
    const hw::Expr codes = f.for_text(out, static_cast<int>((lanes * code).value()));
    return [=](const Sym& gl) {
      return RecoderPorts{hw::part_at(a, gl * aw, aw), hw::part_at(codes, gl * code, digit),
                          hw::part_at(codes, gl * code + digit, digit), hw::part_at(codes, gl * code + 2 * digit, digit)};
    };
  };
  return fmt::format(R"(  // Each activation is Booth-recoded once, here, and its digits move along its row in
  // its place, so that no PE repeats the recoding.
  localparam integer DIGITS = {digits};  // radix-4 Booth digits per activation
  localparam integer A_CODE = 3*DIGITS;  // one activation's digits: {{two, one, neg}}
  wire [{lanes}*A_CODE-1:0] {out};
)",
                     fmt::arg("digits", digits), fmt::arg("lanes", lanes.text()), fmt::arg("out", out)) +
         recoder_loop(d, recoder, "gl", lanes, wiring);
}

}  // namespace bitloom
