#include "hw/prims/skewed_buffer.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

std::vector<Module> skewed_buffer(const std::string& name, int lanes, int width, int words) {
  if (lanes < 2 || (lanes & (lanes - 1)) != 0 || width < 1 || words < 1)
    throw std::logic_error(fmt::format("prims: skewed buffer {}: {} lanes of {} bits, {} words", name, lanes, width,
                                       words));
  const int rw = bits_for(lanes - 1), aw = bits_for(words - 1);
  if (words < lanes) throw std::logic_error(fmt::format("prims: skewed buffer {}: {} words, below {} lanes", name, words, lanes));
  std::vector<Module> out{ram_simple_dual_port(name + "_bank", width, words)};
  Module m(name, fmt::format("{}: {} banks of {} words of {} bits, element (r, c) in bank (r + c) mod {}:\n"
                             "row and column slices each take one cycle (see hw/prims/skewed_buffer.hpp).",
                             name, lanes, words, width, lanes));
  m.input("clk_i");
  m.input("wr_en_i");
  m.input("wr_addr_i", aw, "base + r * pitch + column block");
  m.input("wr_rot_i", rw, "r mod L");
  m.input("wr_data_i", lanes * width, "lane j: element (r, block * L + j)");
  m.input("rd_en_i");
  m.input("rd_column_i", 1, "a column slice, else a row slice");
  m.input("rd_addr_i", aw, "row: as a write; column: base + row block * L * pitch + c / L");
  m.input("rd_pitch_i", aw, "words per tensor row (column slices)");
  m.input("rd_rot_i", rw, "row: r mod L; column: c mod L");
  m.output("rd_data_o", lanes * width, "one cycle after rd_en_i");
  m.wire("bank_wdata", lanes * width, "bank b's word: lane (b - wr_rot) mod L");
  m.wire("bank_raddr", lanes * aw);
  m.wire("bank_rdata", lanes * width);
  m.reg("rd_rot_q", rw, "the rotation of the read in flight");
  for (int b = 0; b < lanes; ++b) {
    Instance bank{name + "_bank", fmt::format("u_bank{}", b), b == 0 ? "One RAM per bank." : "", {}};
    connect(bank, "clk_i", m.net("clk_i"));
    connect(bank, "we_i", m.net("wr_en_i"));
    connect(bank, "waddr_i", m.net("wr_addr_i"));
    connect(bank, "wdata_i", slice(m.net("bank_wdata"), b * width, width));
    connect(bank, "re_i", m.net("rd_en_i"));
    connect(bank, "raddr_i", slice(m.net("bank_raddr"), b * aw, aw));
    connect(bank, "rdata_o", slice(m.net("bank_rdata"), b * width, width));
    m.add(bank);
  }
  m.raw(fmt::format(R"(
  // Rotations: bank b takes (and gives back) lane (b - rot) mod L. A column slice reads
  // row (b - rot) mod L of the row block in bank b, pitch words further per row.
  genvar gb;
  generate
    for (gb = 0; gb < {lanes}; gb = gb + 1) begin : gen_bank
      wire [{r1}:0] wr_lane = {rw}'d0 + gb[{r1}:0] - wr_rot_i;
      wire [{r1}:0] rd_row = {rw}'d0 + gb[{r1}:0] - rd_rot_i;
      wire [{r1}:0] out_bank = {rw}'d0 + gb[{r1}:0] + rd_rot_q;
      assign bank_wdata[gb*{w} +: {w}] = wr_data_i[wr_lane*{w} +: {w}];
      assign bank_raddr[gb*{aw} +: {aw}] = rd_column_i ? rd_addr_i + {{{{{pad}{{1'b0}}}}, rd_row}} * rd_pitch_i : rd_addr_i;
      assign rd_data_o[gb*{w} +: {w}] = bank_rdata[out_bank*{w} +: {w}];
    end
  endgenerate

  always @(posedge clk_i) if (rd_en_i) rd_rot_q <= rd_rot_i;
)",
                    fmt::arg("lanes", lanes), fmt::arg("r1", rw - 1), fmt::arg("rw", rw), fmt::arg("w", width),
                    fmt::arg("aw", aw), fmt::arg("pad", aw - rw)),
        {"bank_wdata", "bank_raddr", "rd_data_o", "rd_rot_q"},
        {"clk_i", "wr_rot_i", "wr_data_i", "rd_column_i", "rd_addr_i", "rd_pitch_i", "rd_rot_i", "rd_en_i",
         "bank_rdata"});
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::hw::prims
