// The DRAM row movers' bench tops (rows_variants.hpp), for write_workload_rtl: per
// variant <name>_top with the loader, the storer, both DMA channels and the buffer.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "tests/workload_rtl/rows_variants.hpp"

namespace bitloom::rows_test {

// Connects every port of `child` whose name starts with one of `prefixes` to a top port
// of the same name, direction and width (the DRAM side of a DMA channel).
inline void expose(hw::Module& top, hw::Instance& inst, const hw::Module& child, const std::vector<std::string>& prefixes,
                   const std::string& rename_idle) {
  for (const hw::Port& p : child.ports()) {
    std::string outer = p.name;
    if (p.name == "idle_o") outer = rename_idle;
    else if (std::none_of(prefixes.begin(), prefixes.end(), [&](const std::string& x) { return p.name.rfind(x, 0) == 0; }))
      continue;
    const hw::Expr e = p.dir == hw::Dir::kIn ? top.input(outer, p.width) : top.output(outer, p.width);
    connect(inst, p.name, e);
  }
}

inline void connect_pairs(hw::Module& m, hw::Instance& inst, const std::vector<std::pair<std::string, std::string>>& pairs) {
  for (const auto& [port, net] : pairs) connect(inst, port, m.net(net));
}

inline std::vector<hw::Module> bench_modules(const Variant& v) {
  const std::string n = v.name;
  const int l = v.o.lanes, row = v.o.lanes * v.o.elem_width, ab = v.o.address_bits;
  const int lw = hw::prims::bits_for(l - 1), dw = v.o.data_bytes * 8, aw = v.o.addr_bits, bb = v.o.beats_bits;
  std::vector<hw::Module> out = hw::prims::dma_read(n + "_dma_read", dma_options(v));
  const hw::Module dma_read_top = out.back();
  const auto write = hw::prims::dma_write(n + "_dma_write", dma_options(v));
  out.insert(out.end(), write.begin(), write.end());
  const auto buffer = hw::prims::skewed_buffer(n + "_buffer", l, v.o.elem_width, 1 << ab);
  out.insert(out.end(), buffer.begin(), buffer.end());
  const auto loader = workload_rtl::dram_loader(n + "_loader", v.o, v.stages);
  out.insert(out.end(), loader.begin(), loader.end());
  const auto storer = workload_rtl::dram_storer(n + "_storer", v.o, v.stages);
  out.insert(out.end(), storer.begin(), storer.end());

  hw::Module m(n + "_top", n + "_top: a DRAM row loader and storer between the DMA channels and a skewed buffer.");
  m.input("clk_i");
  m.input("rst_ni");
  m.input("dram_base_i", aw);
  for (const char* unit : {"load", "store"}) {
    m.input(fmt::format("s_{}_job_tvalid", unit));
    m.output(fmt::format("s_{}_job_tready", unit));
    m.input(fmt::format("s_{}_job_tdata", unit), 57);
    m.output(fmt::format("{}_idle_o", unit));
  }
  m.input("host_wr_en_i", 1, "writes of whole buffer words by the test (the loader idle)");
  m.input("host_wr_addr_i", ab);
  m.input("host_wr_data_i", row);
  m.input("host_rd_en_i", 1, "row reads of the buffer by the test (the storer idle)");
  m.input("host_rd_addr_i", ab);
  m.input("host_rd_rot_i", lw);
  m.output("host_rd_data_o", row);
  for (const char* w : {"rcmd_valid", "rcmd_ready", "rdata_valid", "rdata_ready", "rdata_last", "wcmd_valid", "wcmd_ready",
                        "wdata_valid", "wdata_ready", "bwr_valid", "srd_en", "brd_en"})
    m.wire(w);
  for (const char* w : {"rcmd_addr", "wcmd_addr"}) m.wire(w, aw);
  for (const char* w : {"rcmd_beats", "wcmd_beats"}) m.wire(w, bb);
  for (const char* w : {"rdata", "wdata"}) m.wire(w, dw);
  for (const char* w : {"bwr_addr", "srd_addr", "brd_addr", "lwr_addr"}) m.wire(w, ab);
  for (const char* w : {"bwr_rot", "srd_rot", "brd_rot", "lwr_rot"}) m.wire(w, lw);
  for (const char* w : {"bwr_data", "brd_data", "lwr_data"}) m.wire(w, row);
  m.wire("bwr_en");
  m.raw(fmt::format(R"(
  assign brd_en = host_rd_en_i || srd_en;
  assign brd_addr = host_rd_en_i ? host_rd_addr_i : srd_addr;
  assign brd_rot = host_rd_en_i ? host_rd_rot_i : srd_rot;
  assign host_rd_data_o = brd_data;
  assign bwr_en = host_wr_en_i || bwr_valid;
  assign bwr_addr = host_wr_en_i ? host_wr_addr_i : lwr_addr;
  assign bwr_rot = host_wr_en_i ? {lw}'d0 : lwr_rot;
  assign bwr_data = host_wr_en_i ? host_wr_data_i : lwr_data;
)", fmt::arg("lw", lw)),
        {"brd_en", "brd_addr", "brd_rot", "host_rd_data_o", "bwr_en", "bwr_addr", "bwr_rot", "bwr_data"},
        {"host_rd_en_i", "srd_en", "host_rd_addr_i", "srd_addr", "host_rd_rot_i", "srd_rot", "brd_data", "host_wr_en_i",
         "bwr_valid", "host_wr_addr_i", "lwr_addr", "lwr_rot", "host_wr_data_i", "lwr_data"});

  hw::Instance rd{n + "_dma_read", "u_dma_read", "The read channel: one client, the loader.", {}};
  connect_pairs(m, rd, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"c0_cmd_valid_i", "rcmd_valid"},
                        {"c0_cmd_ready_o", "rcmd_ready"}, {"c0_cmd_addr_i", "rcmd_addr"}, {"c0_cmd_beats_i", "rcmd_beats"},
                        {"m_data0_tvalid", "rdata_valid"}, {"m_data0_tready", "rdata_ready"}, {"m_data0_tdata", "rdata"},
                        {"m_data0_tlast", "rdata_last"}});
  expose(m, rd, dma_read_top, {"rd_req", "rd_data_", "rd_bytes"}, "dma_read_idle_o");
  m.add(rd);
  hw::Instance wr{n + "_dma_write", "u_dma_write", "The write channel: the storer.", {}};
  connect_pairs(m, wr, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"cmd_valid_i", "wcmd_valid"},
                        {"cmd_ready_o", "wcmd_ready"}, {"cmd_addr_i", "wcmd_addr"}, {"cmd_beats_i", "wcmd_beats"},
                        {"s_data_tvalid", "wdata_valid"}, {"s_data_tready", "wdata_ready"}, {"s_data_tdata", "wdata"}});
  expose(m, wr, write.back(), {"wr_req", "wr_data_", "wr_resp", "wr_bytes"}, "dma_write_idle_o");
  m.add(wr);
  hw::Instance b{n + "_buffer", "u_buffer", "The buffer: written by the loader, read by the storer or the test.", {}};
  connect_pairs(m, b, {{"clk_i", "clk_i"}, {"wr_en_i", "bwr_en"}, {"wr_addr_i", "bwr_addr"}, {"wr_rot_i", "bwr_rot"},
                       {"wr_data_i", "bwr_data"}, {"rd_en_i", "brd_en"}, {"rd_addr_i", "brd_addr"}, {"rd_rot_i", "brd_rot"},
                       {"rd_data_o", "brd_data"}});
  connect(b, "rd_column_i", hw::literal(1, 0));
  connect(b, "rd_pitch_i", hw::literal(ab, 0));
  m.add(b);
  hw::Instance ld{n + "_loader", "u_loader", "DRAM rows into the buffer.", {}};
  connect_pairs(m, ld, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_job_tvalid", "s_load_job_tvalid"},
                        {"s_job_tready", "s_load_job_tready"}, {"s_job_tdata", "s_load_job_tdata"}, {"idle_o", "load_idle_o"},
                        {"dram_base_i", "dram_base_i"}, {"cmd_valid_o", "rcmd_valid"}, {"cmd_ready_i", "rcmd_ready"},
                        {"cmd_addr_o", "rcmd_addr"}, {"cmd_beats_o", "rcmd_beats"}, {"s_data_tvalid", "rdata_valid"},
                        {"s_data_tready", "rdata_ready"}, {"s_data_tdata", "rdata"}, {"s_data_tlast", "rdata_last"},
                        {"wr_valid_o", "bwr_valid"}, {"wr_addr_o", "lwr_addr"}, {"wr_rot_o", "lwr_rot"},
                        {"wr_data_o", "lwr_data"}});
  connect(ld, "wr_ready_i", hw::literal(1, 1));
  connect(ld, "ring_room_i", hw::literal(1, 1));  // no ring stages here
  connect(ld, "ring_claim_o", m.output("load_ring_claim_o"));
  connect(ld, "ring_done_o", m.output("load_ring_done_o"));
  m.add(ld);
  hw::Instance st{n + "_storer", "u_storer", "Buffer rows to DRAM.", {}};
  connect_pairs(m, st, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_job_tvalid", "s_store_job_tvalid"},
                        {"s_job_tready", "s_store_job_tready"}, {"s_job_tdata", "s_store_job_tdata"},
                        {"idle_o", "store_idle_o"}, {"dram_base_i", "dram_base_i"}, {"cmd_valid_o", "wcmd_valid"},
                        {"cmd_ready_i", "wcmd_ready"}, {"cmd_addr_o", "wcmd_addr"}, {"cmd_beats_o", "wcmd_beats"},
                        {"rd_en_o", "srd_en"}, {"rd_addr_o", "srd_addr"}, {"rd_rot_o", "srd_rot"}, {"rd_data_i", "brd_data"},
                        {"m_data_tvalid", "wdata_valid"}, {"m_data_tready", "wdata_ready"}, {"m_data_tdata", "wdata"}});
  connect(st, "ring_room_i", hw::literal(1, 1));
  connect(st, "ring_claim_o", m.output("store_ring_claim_o"));
  connect(st, "ring_done_o", m.output("store_ring_done_o"));
  m.add(st);
  out.push_back(std::move(m));
  return out;
}


}  // namespace bitloom::rows_test
