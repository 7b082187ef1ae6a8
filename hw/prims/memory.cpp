#include <fmt/format.h>

#include <stdexcept>

#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

void require_shape(const std::string& name, int width, long long depth) {
  if (width < 1 || depth < 1)
    throw std::logic_error(fmt::format("prims: memory {} of {} words of {} bits", name, depth, width));
}

}  // namespace

Module rom(const std::string& name, int width, const std::vector<unsigned long long>& table) {
  require_shape(name, width, static_cast<long long>(table.size()));
  const int aw = bits_for(static_cast<long long>(table.size()) - 1);
  Module m(name, fmt::format("{}: ROM of {} words of {} bits; data_o is the word at addr_i one cycle later\n"
                             "(addresses past the table read 0).",
                             name, table.size(), width));
  m.input("clk_i");
  m.input("addr_i", aw);
  m.output_reg("data_o", width);
  std::string body = "  always @(posedge clk_i) begin\n    case (addr_i)\n";
  for (size_t i = 0; i < table.size(); ++i) {
    if (width < 64 && (table[i] >> width) != 0)
      throw std::logic_error(fmt::format("prims: ROM {} word {} = {} does not fit {} bits", name, i, table[i], width));
    body += fmt::format("      {}'d{}: data_o <= {}'d{};\n", aw, i, width, table[i]);
  }
  if (table.size() < (size_t{1} << aw)) body += fmt::format("      default: data_o <= {}'d0;\n", width);
  body += "    endcase\n  end\n";
  m.raw(body, {"data_o"}, {"clk_i", "addr_i"});
  return m;
}

Module ram_single_port(const std::string& name, int width, int depth) {
  require_shape(name, width, depth);
  const int aw = bits_for(depth - 1);
  Module m(name, fmt::format("{}: single-port RAM of {} words of {} bits, synchronous read. A read of the\n"
                             "word being written returns its old value. Addresses from {} on are not allowed.",
                             name, depth, width, depth));
  m.input("clk_i");
  m.input("we_i");
  m.input("addr_i", aw);
  m.input("wdata_i", width);
  m.output_reg("rdata_o", width);
  m.raw(fmt::format(R"(  reg [{}:0] words_q [0:{}];

  always @(posedge clk_i) begin
    if (we_i) words_q[addr_i] <= wdata_i;
    rdata_o <= words_q[addr_i];
  end
)",
                    width - 1, depth - 1),
        {"rdata_o"}, {"clk_i", "we_i", "addr_i", "wdata_i"});
  m.set_ram_bits(static_cast<long long>(width) * depth);
  return m;
}

Module ram_simple_dual_port(const std::string& name, int width, int depth, int read_ports) {
  require_shape(name, width, depth);
  // A read mux each: sixteen keep the muxes of a dataflow top's cores (a port each) and
  // SFUs within reason.
  if (read_ports < 1 || read_ports > 16)
    throw std::logic_error(fmt::format("prims: memory {} with {} read ports (1 .. 16)", name, read_ports));
  const int aw = bits_for(depth - 1);
  Module m(name, fmt::format("{}: RAM of {} words of {} bits: one write port, {} synchronous read port{}.\n"
                             "A read of the word being written returns its old value. Addresses from {} on\n"
                             "are not allowed.",
                             name, depth, width, read_ports, read_ports > 1 ? "s (one storage, a read mux each)" : "",
                             depth));
  m.input("clk_i");
  m.input("we_i");
  m.input("waddr_i", aw);
  m.input("wdata_i", width);
  std::string reads;
  std::vector<std::string> drives, inputs{"clk_i", "we_i", "waddr_i", "wdata_i"};
  for (int p = 0; p < read_ports; ++p) {
    const std::string n = read_port_name("", p);
    m.input(fmt::format("re{}_i", n));
    m.input(fmt::format("raddr{}_i", n), aw);
    m.output_reg(fmt::format("rdata{}_o", n), width);
    reads += fmt::format("    if (re{0}_i) rdata{0}_o <= words_q[raddr{0}_i];\n", n);
    drives.push_back(fmt::format("rdata{}_o", n));
    inputs.insert(inputs.end(), {fmt::format("re{}_i", n), fmt::format("raddr{}_i", n)});
  }
  m.raw(fmt::format(R"(  reg [{}:0] words_q [0:{}];

  always @(posedge clk_i) begin
    if (we_i) words_q[waddr_i] <= wdata_i;
{}  end
)",
                    width - 1, depth - 1, reads),
        drives, inputs);
  m.set_ram_bits(static_cast<long long>(width) * depth);
  return m;
}

}  // namespace bitloom::hw::prims
