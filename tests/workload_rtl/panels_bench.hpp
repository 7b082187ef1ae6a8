// The B panel reader's test benches: per variant the reader and a real DMA read channel
// (its DRAM port and the B stream are the bench's ports). write_workload_rtl writes
// them; the test reads the stages.
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/dram_panels.hpp"
#include "generator/workload_rtl/panel_buffer.hpp"
#include "tests/workload_rtl/rows_bench.hpp"

namespace bitloom::panels_test {

struct Variant {
  std::string name;
  workload_rtl::PanelOptions o;
  long long k, n;  // B is K x N, row-major from byte 0x40 past the base (transposed: N x K)
  long long pitch;
  std::vector<workload_rtl::PanelStage> stages;  // 0: row tiles outer, 1: column tiles outer
  bool buffered = false;  // a panel buffer replays each panel, read once (stage 0 only: once)
  bool transposed = false;  // DRAM holds Bᵀ; the buffer turns each panel's stored rows into B's rows
};

inline Variant variant(const std::string& name, int lanes, int elem_width, int data_bytes, long long k, long long n) {
  Variant v{name, {}, k, n, 0, {}};
  v.o.lanes = lanes;
  v.o.elem_width = elem_width;
  v.o.data_bytes = data_bytes;
  v.o.addr_bits = rows_test::kAddrBits;
  v.o.beats_bits = 12;
  const long long row = (n + lanes - 1) / lanes * lanes * elem_width / 8;
  v.pitch = (row + data_bytes - 1) / data_bytes * data_bytes;
  v.stages = {{0x40, v.pitch, false}, {0x40, v.pitch, true}};
  return v;
}

inline constexpr int kMaxK = 40;

inline std::vector<Variant> variants() {
  Variant once = variant("panels_once", 4, 8, 4, kMaxK, 14);
  once.buffered = true;
  once.stages = {{0x40, once.pitch, true, true}};
  // Bᵀ: 14 stored rows of 38 elements (the last panel holds 2 rows, each row's last word
  // half full); the stored rows padded to words, as the workload top's DRAM layout pads them.
  Variant t = variant("panels_t", 4, 8, 4, 38, 14);
  t.buffered = true;
  t.transposed = true;
  t.pitch = (t.k + 3) / 4 * 4;
  t.stages = {{0x40, t.pitch, true, true, true, t.n}};
  // A word is half a beat: each row read as its beat; the second stage's B starts half a
  // beat in, so its panels alternate the other way.
  Variant narrow = variant("panels_narrow", 4, 8, 8, kMaxK, 14);
  narrow.stages[1].dram_offset = 0x44;
  return {variant("panels_w1", 4, 8, 4, kMaxK, 14),    // a word a beat
          variant("panels_w2", 4, 16, 4, kMaxK, 10),   // two beats a word
          once, t, narrow};
}

inline hw::prims::DmaOptions dma_options(const Variant& v) {
  hw::prims::DmaOptions d;
  d.data_bytes = v.o.data_bytes;
  d.addr_bits = rows_test::kAddrBits;
  d.max_burst = 8;
  d.beats_bits = v.o.beats_bits;
  d.buffer_beats = 16;
  d.queued = 8;  // a command is one word: keep several in flight
  d.bursts_in_flight = 8;
  return d;
}

inline std::vector<hw::Module> bench_modules(const Variant& v) {
  const std::string n = v.name;
  const int aw = v.o.addr_bits, bb = v.o.beats_bits, dw = v.o.data_bytes * 8;
  std::vector<hw::Module> out = hw::prims::dma_read(n + "_dma_read", dma_options(v));
  const hw::Module dma_top = out.back();
  out.push_back(workload_rtl::dram_panel_reader(n + "_reader", v.o, v.stages).front());
  if (v.buffered) {
    const auto buffer = workload_rtl::panel_buffer(n + "_buffer", v.o.lanes, v.o.elem_width, kMaxK, v.stages);
    out.insert(out.end(), buffer.begin(), buffer.end());
  }
  hw::Module m(n + "_top", n + "_top: a B panel reader on a DMA read channel.");
  m.input("clk_i");
  m.input("rst_ni");
  m.input("dram_base_i", aw);
  m.input("s_job_tvalid");
  m.output("s_job_tready");
  m.input("s_job_tdata", 57);
  m.output("idle_o");
  m.output("m_b_tvalid");
  m.input("m_b_tready");
  m.output("m_b_tdata", v.o.lanes * v.o.elem_width);
  for (const char* w : {"cmd_valid", "cmd_ready", "data_valid", "data_ready", "data_last"}) m.wire(w);
  m.wire("cmd_addr", aw);
  m.wire("cmd_beats", bb);
  m.wire("data", dw);
  for (const char* w : {"panel_valid", "panel_ready", "reader_job_valid", "reader_job_ready", "reader_idle"}) m.wire(w);
  if (v.buffered)
    for (const char* w : {"buffer_job_valid", "buffer_job_ready", "buffer_idle"}) m.wire(w);
  m.wire("panel", v.o.lanes * v.o.elem_width);
  hw::Instance rd{n + "_dma_read", "u_dma_read", "The read channel.", {}};
  rows_test::connect_pairs(m, rd, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"c0_cmd_valid_i", "cmd_valid"},
                                   {"c0_cmd_ready_o", "cmd_ready"}, {"c0_cmd_addr_i", "cmd_addr"},
                                   {"c0_cmd_beats_i", "cmd_beats"}, {"m_data0_tvalid", "data_valid"},
                                   {"m_data0_tready", "data_ready"}, {"m_data0_tdata", "data"},
                                   {"m_data0_tlast", "data_last"}});
  rows_test::expose(m, rd, dma_top, {"rd_req", "rd_data_", "rd_bytes"}, "dma_read_idle_o");
  m.add(rd);
  hw::Instance r{n + "_reader", "u_reader", "The panel reader.", {}};
  rows_test::connect_pairs(m, r, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_job_tvalid", "reader_job_valid"},
                                  {"s_job_tready", "reader_job_ready"}, {"s_job_tdata", "s_job_tdata"},
                                  {"idle_o", "reader_idle"},
                                  {"dram_base_i", "dram_base_i"}, {"cmd_valid_o", "cmd_valid"}, {"cmd_ready_i", "cmd_ready"},
                                  {"cmd_addr_o", "cmd_addr"}, {"cmd_beats_o", "cmd_beats"}, {"s_data_tvalid", "data_valid"},
                                  {"s_data_tready", "data_ready"}, {"s_data_tdata", "data"}, {"s_data_tlast", "data_last"},
                                  {"m_b_tvalid", "panel_valid"}, {"m_b_tready", "panel_ready"}, {"m_b_tdata", "panel"}});
  m.add(r);
  if (v.buffered) {
    hw::Instance b{n + "_buffer", "u_buffer", "The panel buffer: each panel replayed for every row tile.", {}};
    rows_test::connect_pairs(m, b, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_job_tvalid", "buffer_job_valid"},
                                    {"s_job_tdata", "s_job_tdata"}, {"s_panel_tvalid", "panel_valid"},
                                    {"s_panel_tready", "panel_ready"}, {"s_panel_tdata", "panel"},
                                    {"m_b_tvalid", "m_b_tvalid"}, {"m_b_tready", "m_b_tready"}, {"m_b_tdata", "m_b_tdata"}});
    connect(b, "s_job_tready", m.net("buffer_job_ready"));
    connect(b, "idle_o", m.net("buffer_idle"));
    m.add(b);
    // The bench hands each job to both units at once (the controller would queue it for each).
    m.raw("  assign reader_job_valid = s_job_tvalid && buffer_job_ready;\n"
          "  assign buffer_job_valid = s_job_tvalid && reader_job_ready;\n"
          "  assign s_job_tready = reader_job_ready && buffer_job_ready;\n"
          "  assign idle_o = reader_idle && buffer_idle;\n",
          {"reader_job_valid", "buffer_job_valid", "s_job_tready", "idle_o"},
          {"s_job_tvalid", "buffer_job_ready", "reader_job_ready", "reader_idle", "buffer_idle"});
  } else {
    m.raw("  assign m_b_tvalid = panel_valid;\n  assign panel_ready = m_b_tready;\n  assign m_b_tdata = panel;\n"
          "  assign reader_job_valid = s_job_tvalid;\n  assign s_job_tready = reader_job_ready;\n"
          "  assign idle_o = reader_idle;\n",
          {"m_b_tvalid", "panel_ready", "m_b_tdata", "reader_job_valid", "s_job_tready", "idle_o"},
          {"panel_valid", "m_b_tready", "panel", "s_job_tvalid", "reader_job_ready", "reader_idle"});
  }
  out.push_back(std::move(m));
  return out;
}


}  // namespace bitloom::panels_test
