// The workload top's glue between units and buffer banks (system_parts.hpp): each bank's
// write port shared round robin by the writers whose address selects it (the loader
// first), and each of its read ports by the readers that use it (never two in one cycle:
// each core on its own port, and an SFU on ports no unit beside it reads on).
#include <fmt/format.h>

#include <algorithm>

#include "generator/workload_rtl/system_parts.hpp"

namespace bitloom::workload_rtl::system {

std::vector<std::string> round_robin_grants(const std::vector<std::string>& reqs, const std::string& last,
                                            const std::vector<bool>& first) {
  const int n = static_cast<int>(reqs.size());
  if (n == 1) return reqs;
  std::vector<std::string> grants;
  for (int i = 0; i < n; ++i) {
    std::string any, ahead;
    for (int p = 0; p < n; ++p) {
      // The order after p was granted: p + 1, p + 2, ...; i wins if none of its class before it asks.
      std::string term = fmt::format("{} == {}'d{}", last, hw::prims::bits_for(n - 1), p);
      for (int j = (p + 1) % n; j != i; j = (j + 1) % n)
        if (first[j] == first[i]) term += fmt::format(" && !{}", reqs[j]);
      any += (any.empty() ? "" : " ||\n      ") + ("(" + term + ")");
    }
    for (int j = 0; j < n && !first[i]; ++j)
      if (first[j]) ahead += fmt::format(" && !{}", reqs[j]);
    grants.push_back(fmt::format("{}{} && (\n      {})", reqs[i], ahead, any));
  }
  return grants;
}

namespace {

// A bank's round robin: the grants, and last_q, the writer granted last.
std::string round_robin(const std::string& b, const std::vector<bool>& first) {
  const int n = static_cast<int>(first.size());
  std::vector<std::string> reqs;
  for (int i = 0; i < n; ++i) reqs.push_back(fmt::format("{}_req{}", b, i));
  const std::vector<std::string> grants = round_robin_grants(reqs, b + "_last_q", first);
  std::string text;
  for (int i = 0; i < n; ++i) text += fmt::format("  assign {}_grant{} = {};\n", b, i, grants[i]);
  if (n == 1) return text;
  std::string last;
  for (int i = n; i-- > 0;)
    last = fmt::format("{}_grant{} ? {}'d{} : ", b, i, hw::prims::bits_for(n - 1), i) + last;
  return text + fmt::format(R"(  always @(posedge clk_i) begin
    if (!rst_ni) {0}_last_q <= {1}'d{2};
    else if ({0}_wr_en) {0}_last_q <= {3}{0}_last_q;
  end
)",
                            b, hw::prims::bits_for(n - 1), n - 1, last);
}

// One bank's write port: the writers whose address selects it.
void bank_writes(hw::Module& m, const SystemPlan& s, int bank, const std::vector<std::string>& writers,
                 const std::vector<std::string>& first) {
  const int ab = s.address_bits, bb = s.bank_bits, n = static_cast<int>(writers.size());
  const std::string b = fmt::format("bank{}", bank);
  std::vector<std::string> reads{"clk_i", "rst_ni"}, drives;
  std::string text = fmt::format("\n  // ---------------------------------------------------------------- {} writes\n", b);
  for (int i = 0; i < n; ++i) {
    const std::string& w = writers[i];
    const std::string select = s.banks > 1 ? fmt::format(" && {}_wr_addr[{}] == 1'b{}", w, ab - 1, bank) : "";
    m.wire(fmt::format("{}_req{}", b, i));
    m.wire(fmt::format("{}_grant{}", b, i));
    text += fmt::format("  assign {}_req{} = {}_wr_valid{};\n", b, i, w, select);
    drives.push_back(fmt::format("{}_req{}", b, i));
    drives.push_back(fmt::format("{}_grant{}", b, i));
    for (const char* part : {"_wr_valid", "_wr_addr", "_wr_rot", "_wr_data"}) reads.push_back(w + part);
  }
  if (n > 1) {
    m.reg(b + "_last_q", hw::prims::bits_for(n - 1), "round robin: the writer granted last");
    drives.push_back(b + "_last_q");
  }
  std::vector<bool> goes_first;
  for (const std::string& w : writers) goes_first.push_back(std::find(first.begin(), first.end(), w) != first.end());
  text += round_robin(b, goes_first);
  std::string en = "1'b0", addr = fmt::format("{}'d0", bb), rot = fmt::format("{}'d0", s.lane_bits()),
              data = fmt::format("{}'d0", s.word_bits());
  for (int i = n; i-- > 0;) {
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

// A writer is ready when the bank its address selects takes its word.
void writer_ready(hw::Module& m, const SystemPlan& s, const std::vector<std::string>& writers) {
  std::string text;
  std::vector<std::string> drives, reads;
  for (size_t i = 0; i < writers.size(); ++i) {
    std::string any;
    for (int bank = 0; bank < s.banks; ++bank) {
      const std::string g = fmt::format("bank{}_grant{}", bank, i);
      any += (any.empty() ? "" : " || ") + g;
      reads.push_back(g);
    }
    text += fmt::format("  assign {}_wr_ready = {};\n", writers[i], any);
    drives.push_back(writers[i] + "_wr_ready");
  }
  m.raw(text, drives, reads);
}

bool reads_bank(const SystemPlan& s, const BankReader& r, int bank) { return r.bank < 0 ? bank < s.banks : r.bank == bank; }

// One bank's read port `port`: the readers that may use it; the request selects the address.
void bank_reads(hw::Module& m, const SystemPlan& s, int bank, int port, const std::vector<BankReader>& readers) {
  const int ab = s.address_bits, bb = s.bank_bits;
  const std::string b = fmt::format("bank{}_{}", bank, hw::prims::read_port_name("rd", port));
  std::string text = fmt::format("\n  // ---------------------------------------------------------------- {} reads\n", b);
  std::vector<std::string> drives, reads;
  std::string en = "1'b0", addr = fmt::format("{}'d0", bb), rot = fmt::format("{}'d0", s.lane_bits()), column = "1'b0",
              pitch = fmt::format("{}'d0", bb);
  for (size_t i = readers.size(); i-- > 0;) {
    const BankReader& r = readers[i];
    if (!reads_bank(s, r, bank) || r.port != port) continue;
    const std::string req = fmt::format("{}_req_{}", b, r.net);
    m.wire(req);
    const std::string select = r.bank < 0 && s.banks > 1 ? fmt::format(" && {}_addr[{}] == 1'b{}", r.net, ab - 1, bank) : "";
    text += fmt::format("  assign {} = {}_en{};\n", req, r.net, select);
    drives.push_back(req);
    reads.insert(reads.end(), {r.net + "_en", r.net + "_addr", r.net + "_rot"});
    en = req + (en == "1'b0" ? "" : " || " + en);
    addr = fmt::format("{} ? {}_addr[{}:0] : {}", req, r.net, bb - 1, addr);
    rot = fmt::format("{} ? {}_rot : {}", req, r.net, rot);
    const std::string c = r.slices == Slices::kRows ? "1'b0" : r.slices == Slices::kColumns ? "1'b1" : r.net + "_column";
    if (r.slices == Slices::kEither) reads.push_back(r.net + "_column");
    column = fmt::format("{} ? {} : {}", req, c, column);
    if (r.slices != Slices::kRows) {
      pitch = fmt::format("{} ? {}_pitch[{}:0] : {}", req, r.net, bb - 1, pitch);
      reads.push_back(r.net + "_pitch");
    }
  }
  for (const auto& [part, width] : std::vector<std::pair<std::string, int>>{
           {"_en", 1}, {"_addr", bb}, {"_rot", s.lane_bits()}, {"_column", 1}, {"_pitch", bb}})
    m.wire(b + part, width);
  text += fmt::format("  assign {0}_en = {1};\n  assign {0}_addr = {2};\n  assign {0}_rot = {3};\n"
                      "  assign {0}_column = {4};\n  assign {0}_pitch = {5};\n",
                      b, en, addr, rot, column, pitch);
  for (const char* part : {"_en", "_addr", "_rot", "_column", "_pitch"}) drives.push_back(b + part);
  m.raw(text, drives, reads);
}

// What each reader gets back: its bank's word on its port, chosen by the bank it asked
// (registered).
void reader_data(hw::Module& m, const SystemPlan& s, const std::vector<BankReader>& readers) {
  const int ab = s.address_bits;
  std::string text;
  std::vector<std::string> drives, reads{"clk_i"};
  for (const BankReader& r : readers) {
    const std::string rd = hw::prims::read_port_name("rd", r.port);
    const std::string data0 = fmt::format("bank0_{}_data", rd), data1 = fmt::format("bank1_{}_data", rd);
    drives.push_back(r.net + "_data");
    if (r.bank >= s.banks) {
      text += fmt::format("  assign {}_data = {}'d0;  // no tensor is in bank {}\n", r.net, s.word_bits(), r.bank);
    } else if (r.bank >= 0 || s.banks == 1) {
      const std::string data = r.bank > 0 ? data1 : data0;
      text += fmt::format("  assign {}_data = {};\n", r.net, data);
      reads.push_back(data);
    } else {
      m.reg(r.net + "_bank_q", 1, "the bank of the read in flight");
      text += fmt::format("  always @(posedge clk_i) if ({0}_en) {0}_bank_q <= {0}_addr[{1}];\n"
                          "  assign {0}_data = {0}_bank_q ? {2} : {3};\n",
                          r.net, ab - 1, data1, data0);
      drives.push_back(r.net + "_bank_q");
      reads.insert(reads.end(), {r.net + "_en", r.net + "_addr", data0, data1});
    }
  }
  m.raw(text, drives, reads);
}

}  // namespace

std::string in_phases(const std::vector<int>& phases) {
  std::vector<std::string> terms;
  for (int ph : phases) terms.push_back(fmt::format("dbg_phase_o == 8'd{}", ph));
  return terms.size() == 1 ? terms.front() : fmt::format("({})", fmt::join(terms, " || "));
}

std::vector<int> read_ports(const SystemPlan& s, const std::vector<BankReader>& readers) {
  std::vector<int> ports(s.banks, 1);
  for (int bank = 0; bank < s.banks; ++bank)
    for (const BankReader& r : readers)
      if (reads_bank(s, r, bank)) ports[bank] = std::max(ports[bank], r.port + 1);
  return ports;
}

std::vector<std::string> add_bank_glue(hw::Module& m, const SystemPlan& s, const std::vector<BankReader>& readers,
                                       const std::vector<std::string>& writers, const std::vector<std::string>& first) {
  std::vector<std::string> unread;
  const std::vector<int> ports = read_ports(s, readers);
  const int bb = s.bank_bits, lw = s.lane_bits(), dw = s.word_bits();
  for (int bank = 0; bank < s.banks; ++bank) {
    const std::string b = fmt::format("bank{}", bank);
    m.wire(b + "_wr_en");
    m.wire(b + "_wr_addr", bb);
    m.wire(b + "_wr_rot", lw);
    m.wire(b + "_wr_data", dw);
    bank_writes(m, s, bank, writers, first);
    for (int port = 0; port < ports[bank]; ++port) {
      const std::string data = fmt::format("{}_{}_data", b, hw::prims::read_port_name("rd", port));
      m.wire(data, dw);
      bank_reads(m, s, bank, port, readers);
      bool used = false;
      for (const BankReader& r : readers) used = used || (reads_bank(s, r, bank) && r.port == port);
      if (!used) unread.push_back(data);
    }
  }
  writer_ready(m, s, writers);
  reader_data(m, s, readers);
  return unread;
}

}  // namespace bitloom::workload_rtl::system
