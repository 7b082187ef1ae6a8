#include "generator/ws_pe_grid.hpp"

#include <tuple>

#include "generator/recoder_loops.hpp"

namespace bitloom {

using hw::Sym;

namespace {

// The links of one flag along the rows: entry from its skew register, PE to PE.
struct FlagLink {
  const char* port;
  hw::Expr skew, link;
};

}  // namespace

ControlCopies declare_control_copies(hw::Fragment& f, const Design& d, const GemmConfig& g, const std::string& per,
                                     int count) {
  ControlCopies c{g.name + "_advance_reg", g.name + "_w_shift_reg", {}, {}, {}, {}, {}};
  f.know(module_interface(d, c.advance_reg));
  f.know(module_interface(d, c.shift_reg));
  c.clk = f.from_text("clk", 1);
  c.advance_d = f.from_text("advance_d", 1);
  c.shift_d = f.from_text("w_shift_d", 1);
  c.advance = f.own("advance_" + per, count);
  c.shift = f.own("w_shift_" + per, count);
  return c;
}

void add_control_copies(hw::LoopBody& b, const ControlCopies& c, const Sym& index) {
  for (const auto& [module, d_net, q_net, name] : {std::tuple{c.advance_reg, c.advance_d, c.advance, "u_advance"},
                                                    std::tuple{c.shift_reg, c.shift_d, c.shift, "u_w_shift"}}) {
    hw::Instance copy{module, name, "", {}};
    hw::connect(copy, "clk_i", c.clk);
    hw::connect(copy, "d_i", d_net);
    hw::connect(copy, "q_o", hw::bit_at(q_net, index));
    b.add(copy);
  }
}

std::string ws_pe_grid(const Design& d, const GemmConfig& g, const std::string& pe) {
  const bool carry_save = g.pe == PeKind::kOpt1;
  hw::Fragment f(g.name + " PE grid");
  f.know(module_interface(d, pe));
  const ControlCopies copies = declare_control_copies(f, d, g, "row", g.rows);
  const Sym kh = Sym::named("KH", g.rows), cols = Sym::named("COLS", g.cols);
  const Sym code = Sym::named("A_CODE", digit_code_bits(g)), bw = Sym::named("B_WIDTH", g.b.width);
  const Sym cw = Sym::named("C_WIDTH", g.c_width);
  const int links = g.rows * (g.cols + 1);
  const hw::Expr clk = copies.clk, rst = f.from_text("rst_n", 1);
  const hw::Expr a_in = f.from_text("a_skewed", g.rows * digit_code_bits(g));
  const hw::Expr w_in = f.from_text("w_in_q", g.cols * g.b.width);
  const hw::Expr a_link = f.own("a_link", links * digit_code_bits(g));
  const hw::Expr w_link = f.own("w_link", (g.rows + 1) * g.cols * g.b.width);
  std::vector<FlagLink> flags;
  for (const char* flag : {"valid", "swap", "last"})
    flags.push_back({flag, f.from_text(std::string(flag) + "_skew_q", g.rows), f.own(std::string(flag) + "_link", links)});
  std::vector<std::pair<std::string, hw::Expr>> psums;  // port stem, link
  for (const char* part : carry_save ? std::vector<const char*>{"sum", "carry"} : std::vector<const char*>{""}) {
    const std::string stem = *part ? std::string("psum_") + part : "psum";
    psums.push_back({stem, f.own(stem + "_link", (g.rows + 1) * g.cols * g.c_width)});
  }
  f.items().loop({"gen_row_entry", "gr", kh, [&](hw::LoopBody& b, const Sym& gr) {
                    b.assign(hw::part_at(a_link, gr * (cols + 1) * code, code), hw::part_at(a_in, gr * code, code));
                    for (const FlagLink& fl : flags) b.assign(hw::bit_at(fl.link, gr * (cols + 1)), hw::bit_at(fl.skew, gr));
                  }});
  f.items().loop({"gen_col_entry", "gc", cols, [&](hw::LoopBody& b, const Sym& gc) {
                    b.assign(hw::part_at(w_link, (kh * cols + gc) * bw, bw), hw::part_at(w_in, gc * bw, bw));
                    for (const auto& [stem, link] : psums)
                      b.assign(hw::part_at(link, gc * cw, cw), hw::op("{C_WIDTH{1'b0}}", g.c_width, {}));
                  }});
  auto pe_at = [&](hw::LoopBody& b, const Sym& gr, const Sym& gc) {
    const Sym here = gr * (cols + 1) + gc, right = gr * (cols + 1) + gc + 1;
    hw::Instance u{pe, "u_pe", "", {}};
    hw::connect(u, "clk_i", clk);
    hw::connect(u, "rst_ni", rst);
    hw::connect(u, "advance_i", hw::bit_at(copies.advance, gr));
    hw::connect(u, "a_digits_i", hw::part_at(a_link, here * code, code));
    for (const FlagLink& fl : flags) hw::connect(u, std::string(fl.port) + "_i", hw::bit_at(fl.link, here));
    hw::connect(u, "a_digits_o", hw::part_at(a_link, right * code, code));
    for (const FlagLink& fl : flags) hw::connect(u, std::string(fl.port) + "_o", hw::bit_at(fl.link, right));
    for (const auto& [stem, link] : psums) hw::connect(u, stem + "_i", hw::part_at(link, (gr * cols + gc) * cw, cw));
    for (const auto& [stem, link] : psums) hw::connect(u, stem + "_o", hw::part_at(link, ((gr + 1) * cols + gc) * cw, cw));
    hw::connect(u, "w_shift_i", hw::bit_at(copies.shift, gr));
    hw::connect(u, "w_i", hw::part_at(w_link, ((gr + 1) * cols + gc) * bw, bw));
    hw::connect(u, "w_o", hw::part_at(w_link, (gr * cols + gc) * bw, bw));
    b.add(u);
  };
  f.items().loop({"gen_row", "gr", kh, [&](hw::LoopBody& rb, const Sym& gr) {
                    add_control_copies(rb, copies, gr);
                    rb.loop({"gen_col", "gc", cols, [&, gr](hw::LoopBody& b, const Sym& gc) { pe_at(b, gr, gc); }});
                  }});
  return f.checked_text();
}

}  // namespace bitloom
