// The workload top's glue between units and buffer banks (system_parts.hpp): the banks'
// write ports, shared by the writers that target them, and their read ports, each owned
// by one reader.
#include <fmt/format.h>

#include "generator/workload_rtl/system_parts.hpp"

namespace bitloom::workload_rtl::system {

namespace {

// One bank's write port: the writers whose address selects it, round robin between two
// (the loader and the core; one of them waits a cycle at most).
void bank_writes(hw::Module& m, const SystemPlan& s, int bank, const std::vector<std::string>& writers) {
  const int ab = s.address_bits, bb = s.bank_bits;
  const std::string b = fmt::format("bank{}", bank);
  std::vector<std::string> reads{"clk_i", "rst_ni"}, drives;
  std::string text = fmt::format("\n  // ---------------------------------------------------------------- {} writes\n", b);
  for (size_t i = 0; i < writers.size(); ++i) {
    const std::string& w = writers[i];
    const std::string select = s.banks > 1 ? fmt::format(" && {}_wr_addr[{}] == 1'b{}", w, ab - 1, bank) : "";
    m.wire(fmt::format("{}_req{}", b, i));
    m.wire(fmt::format("{}_grant{}", b, i));
    text += fmt::format("  assign {}_req{} = {}_wr_valid{};\n", b, i, w, select);
    drives.push_back(fmt::format("{}_req{}", b, i));
    drives.push_back(fmt::format("{}_grant{}", b, i));
    for (const char* part : {"_wr_valid", "_wr_addr", "_wr_rot", "_wr_data"}) reads.push_back(w + part);
  }
  if (writers.size() == 1) {
    text += fmt::format("  assign {0}_grant0 = {0}_req0;\n", b);
  } else {
    m.reg(b + "_prefer_q", 1, "round robin: the writer that goes first on a tie");
    drives.push_back(b + "_prefer_q");
    text += fmt::format(R"(  assign {0}_grant0 = {0}_req0 && (!{0}_req1 || !{0}_prefer_q);
  assign {0}_grant1 = {0}_req1 && (!{0}_req0 || {0}_prefer_q);
  always @(posedge clk_i) begin
    if (!rst_ni) {0}_prefer_q <= 1'b0;
    else if ({0}_grant0) {0}_prefer_q <= 1'b1;
    else if ({0}_grant1) {0}_prefer_q <= 1'b0;
  end
)",
                        b);
  }
  std::string en = "1'b0", addr = fmt::format("{}'d0", bb), rot = fmt::format("{}'d0", s.lane_bits()),
              data = fmt::format("{}'d0", s.word_bits());
  for (size_t i = writers.size(); i-- > 0;) {
    const std::string& w = writers[i];
    const std::string g = fmt::format("{}_grant{}", b, i);
    en = g + (en == "1'b0" ? "" : " || " + en);
    addr = fmt::format("{} ? {}_wr_addr[{}:0] : {}", g, w, bb - 1, addr);
    rot = fmt::format("{} ? {}_wr_rot : {}", g, w, rot);
    data = fmt::format("{} ? {}_wr_data : {}", g, w, data);
  }
  text += fmt::format("  assign {0}_wr_en = {1};\n  assign {0}_wr_addr = {2};\n  assign {0}_wr_rot = {3};\n"
                      "  assign {0}_wr_data = {4};\n",
                      b, en, addr, rot, data);
  for (const char* part : {"_wr_en", "_wr_addr", "_wr_rot", "_wr_data"}) drives.push_back(b + part);
  m.raw(text, drives, reads);
}

}  // namespace

void add_bank_glue(hw::Module& m, const SystemPlan& s) {
  const int bb = s.bank_bits, lw = s.lane_bits(), dw = s.word_bits();
  std::vector<std::string> writers;
  if (s.units.loader >= 0) writers.push_back("ld");
  writers.push_back("cc");
  for (int bank = 0; bank < s.banks; ++bank) {
    const std::string b = fmt::format("bank{}", bank);
    m.wire(b + "_wr_en");
    m.wire(b + "_wr_addr", bb);
    m.wire(b + "_wr_rot", lw);
    m.wire(b + "_wr_data", dw);
    bank_writes(m, s, bank, writers);
  }
  // A writer is ready when the bank its address selects takes its word.
  std::string ready_text;
  std::vector<std::string> ready_drives, ready_reads;
  for (size_t i = 0; i < writers.size(); ++i) {
    std::string any;
    for (int bank = 0; bank < s.banks; ++bank) {
      const std::string g = fmt::format("bank{}_grant{}", bank, i);
      any += (any.empty() ? "" : " || ") + g;
      ready_reads.push_back(g);
    }
    ready_text += fmt::format("  assign {}_wr_ready = {};\n", writers[i], any);
    ready_drives.push_back(writers[i] + "_wr_ready");
  }
  m.raw(ready_text, ready_drives, ready_reads);
  // Reads: bank 0 serves the core's A port (column slices), bank 1 its B port.
  std::string text = "\n  // ---------------------------------------------------------------- bank reads\n";
  std::vector<std::string> drives, reads;
  const char* ports[2] = {"a", "b"};
  for (int bank = 0; bank < 2; ++bank) {
    const std::string b = fmt::format("bank{}", bank), r = fmt::format("cc_{}_rd", ports[bank]);
    if (bank >= s.banks) {
      text += fmt::format("  assign {}_data = {}'d0;  // no tensor is read as B from the buffer\n", r, dw);
      drives.push_back(r + "_data");
      continue;
    }
    m.wire(b + "_rd_addr", bb);
    m.wire(b + "_rd_pitch", bb);
    text += fmt::format("  assign {0}_rd_addr = {1}_addr[{2}:0];\n  assign {0}_rd_pitch = {1}_pitch[{2}:0];\n", b, r, bb - 1);
    drives.insert(drives.end(), {b + "_rd_addr", b + "_rd_pitch"});
    reads.insert(reads.end(), {r + "_addr", r + "_pitch"});
  }
  m.raw(text, drives, reads);
}

}  // namespace bitloom::workload_rtl::system
