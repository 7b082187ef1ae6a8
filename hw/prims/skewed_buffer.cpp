#include "hw/prims/skewed_buffer.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

// Read port p's names: rd_en_i for port 0, rd1_en_i for port 1, ...
std::string rd(int p, const std::string& part) { return read_port_name("rd", p) + part; }

}  // namespace

std::vector<Module> skewed_buffer(const std::string& name, int lanes, int width, int words, int read_ports) {
  if (lanes < 2 || (lanes & (lanes - 1)) != 0 || width < 1 || words < 1 || read_ports < 1)
    throw std::logic_error(fmt::format("prims: skewed buffer {}: {} lanes of {} bits, {} words, {} read ports", name,
                                       lanes, width, words, read_ports));
  const int rw = bits_for(lanes - 1), aw = bits_for(words - 1);
  if (words < lanes) throw std::logic_error(fmt::format("prims: skewed buffer {}: {} words, below {} lanes", name, words, lanes));
  std::vector<Module> out{ram_simple_dual_port(name + "_bank", width, words, read_ports)};
  Module m(name, fmt::format("{}: {} banks of {} words of {} bits, element (r, c) in bank (r + c) mod {}:\n"
                             "row and column slices each take one cycle (see hw/prims/skewed_buffer.hpp).{}",
                             name, lanes, words, width, lanes,
                             read_ports > 1 ? fmt::format("\n{} read ports over the same words.", read_ports) : ""));
  m.input("clk_i");
  m.input("wr_en_i");
  m.input("wr_addr_i", aw, "base + r * pitch + column block");
  m.input("wr_rot_i", rw, "r mod L");
  m.input("wr_data_i", lanes * width, "lane j: element (r, block * L + j)");
  m.wire("bank_wdata", lanes * width, "bank b's word: lane (b - wr_rot) mod L");
  std::vector<std::string> drives{"bank_wdata"}, reads{"clk_i", "wr_rot_i", "wr_data_i"};
  for (int p = 0; p < read_ports; ++p) {
    m.input(rd(p, "_en_i"));
    m.input(rd(p, "_column_i"), 1, p == 0 ? "a column slice, else a row slice" : "");
    m.input(rd(p, "_addr_i"), aw, p == 0 ? "row: as a write; column: base + row block * L * pitch + c / L" : "");
    m.input(rd(p, "_pitch_i"), aw, p == 0 ? "words per tensor row (column slices)" : "");
    m.input(rd(p, "_rot_i"), rw, p == 0 ? "row: r mod L; column: c mod L" : "");
    m.output(rd(p, "_data_o"), lanes * width, p == 0 ? "one cycle after rd_en_i" : "");
    m.wire(rd(p, "_bank_addr"), lanes * aw);
    m.wire(rd(p, "_bank_data"), lanes * width);
    m.reg(rd(p, "_rot_q"), rw, "the rotation of the read in flight");
    drives.insert(drives.end(), {rd(p, "_bank_addr"), rd(p, "_data_o"), rd(p, "_rot_q")});
    reads.insert(reads.end(), {rd(p, "_column_i"), rd(p, "_addr_i"), rd(p, "_pitch_i"), rd(p, "_rot_i"), rd(p, "_en_i"),
                               rd(p, "_bank_data")});
  }
  for (int b = 0; b < lanes; ++b) {
    Instance bank{name + "_bank", fmt::format("u_bank{}", b), b == 0 ? "One RAM per bank." : "", {}};
    connect(bank, "clk_i", m.net("clk_i"));
    connect(bank, "we_i", m.net("wr_en_i"));
    connect(bank, "waddr_i", m.net("wr_addr_i"));
    connect(bank, "wdata_i", slice(m.net("bank_wdata"), b * width, width));
    for (int p = 0; p < read_ports; ++p) {
      const std::string n = read_port_name("", p);
      connect(bank, "re" + n + "_i", m.net(rd(p, "_en_i")));
      connect(bank, "raddr" + n + "_i", slice(m.net(rd(p, "_bank_addr")), b * aw, aw));
      connect(bank, "rdata" + n + "_o", slice(m.net(rd(p, "_bank_data")), b * width, width));
    }
    m.add(bank);
  }
  std::string ports;
  for (int p = 0; p < read_ports; ++p)
    ports += fmt::format(R"(      wire [{r1}:0] {rd}_row = {rw}'d0 + gb[{r1}:0] - {rd}_rot_i;
      wire [{r1}:0] {rd}_out_bank = {rw}'d0 + gb[{r1}:0] + {rd}_rot_q;
      assign {rd}_bank_addr[gb*{aw} +: {aw}] = {rd}_column_i ? {rd}_addr_i + {{{{{pad}{{1'b0}}}}, {rd}_row}} * {rd}_pitch_i : {rd}_addr_i;
      assign {rd}_data_o[gb*{w} +: {w}] = {rd}_bank_data[{rd}_out_bank*{w} +: {w}];
)",
                         fmt::arg("rd", read_port_name("rd", p)), fmt::arg("r1", rw - 1), fmt::arg("rw", rw),
                         fmt::arg("w", width), fmt::arg("aw", aw), fmt::arg("pad", aw - rw));
  std::string flops;
  for (int p = 0; p < read_ports; ++p) flops += fmt::format("  always @(posedge clk_i) if ({0}_en_i) {0}_rot_q <= {0}_rot_i;\n", read_port_name("rd", p));
  m.raw(fmt::format(R"(
  // Rotations: bank b takes (and gives back) lane (b - rot) mod L. A column slice reads
  // row (b - rot) mod L of the row block in bank b, pitch words further per row.
  genvar gb;
  generate
    for (gb = 0; gb < {lanes}; gb = gb + 1) begin : gen_bank
      wire [{r1}:0] wr_lane = {rw}'d0 + gb[{r1}:0] - wr_rot_i;
      assign bank_wdata[gb*{w} +: {w}] = wr_data_i[wr_lane*{w} +: {w}];
{ports}    end
  endgenerate

{flops})",
                    fmt::arg("lanes", lanes), fmt::arg("r1", rw - 1), fmt::arg("rw", rw), fmt::arg("w", width),
                    fmt::arg("ports", ports), fmt::arg("flops", flops)),
        drives, reads);
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::hw::prims
