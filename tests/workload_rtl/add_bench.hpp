// The buffer row streams' test bench: the enc_tiny residual H = sat(X + Y) on chip. A
// reader streams X out of buffer X, another Y out of buffer Y, the saturating add (the
// hw/prims unit) pairs them, and a writer puts H into buffer Y; the test fills and reads
// the buffers through host ports while the units are idle.
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/buffer_rows.hpp"
#include "hw/prims/stream_units.hpp"
#include "tests/workload_rtl/rows_bench.hpp"

namespace bitloom::add_test {

inline constexpr int kLanes = 4, kWidth = 8, kAddressBits = 7;
inline constexpr long long kRows = 13, kCols = 10;

// 0: X in buffer X, 1: Y in buffer Y, 2: H in buffer Y from word 64; a gap word a row.
inline std::vector<workload_rtl::BufferRowStage> stages() {
  return {{0, 4, kRows, kCols}, {0, 3, kRows, kCols}, {64, 4, kRows, kCols}};
}

inline workload_rtl::BufferRowOptions options() { return {kLanes, kWidth, kAddressBits}; }

inline std::vector<hw::Module> bench_modules() {
  const int row = kLanes * kWidth, ab = kAddressBits, lw = hw::prims::bits_for(kLanes - 1);
  std::vector<hw::Module> out = hw::prims::skewed_buffer("add_tb_buffer", kLanes, kWidth, 1 << ab);
  for (auto&& part : {workload_rtl::buffer_row_reader("add_tb_reader", options(), stages()),
                      workload_rtl::buffer_row_writer("add_tb_writer", options(), stages()),
                      hw::prims::saturating_add("add_tb_add", kLanes, kWidth, true)})
    out.insert(out.end(), part.begin(), part.end());
  hw::Module m("add_tb_top", "add_tb_top: H = sat(X + Y) from buffer rows to buffer rows.");
  m.input("clk_i");
  m.input("rst_ni");
  for (const char* u : {"x", "y", "h"}) {
    m.input(fmt::format("s_{}_job_tvalid", u));
    m.output(fmt::format("s_{}_job_tready", u));
    m.input(fmt::format("s_{}_job_tdata", u), 57);
    m.output(fmt::format("{}_idle_o", u));
  }
  m.input("host_x_wr_en_i", 1, "the test's writes (units idle)");
  m.input("host_y_wr_en_i");
  m.input("host_wr_addr_i", ab);
  m.input("host_wr_rot_i", lw);
  m.input("host_wr_data_i", row);
  m.input("host_rd_en_i", 1, "the test's reads of buffer Y");
  m.input("host_rd_addr_i", ab);
  m.input("host_rd_rot_i", lw);
  m.output("host_rd_data_o", row);
  m.input("wr_ready_i", 1, "back-pressure on the writer");
  m.output("sum_fire_o", 1, "a sum beat moves (for the test's tlast check)");
  m.output("sum_last_o");
  m.output("x_fire_o", 1, "a beat of X moves (the reader must be busy until its last)");
  m.output("y_fire_o");
  for (const char* w : {"x_valid", "x_ready", "x_last", "y_valid", "y_ready", "y_last", "sum_valid", "sum_ready",
                        "sum_last", "xr_en", "yr_en", "hw_valid", "ybuf_wr_en", "ybuf_rd_en"})
    m.wire(w);
  for (const char* w : {"x_keep", "y_keep", "sum_keep"}) m.wire(w, kLanes);
  for (const char* w : {"x_data", "y_data", "sum_data", "xr_data", "yr_data", "hw_data", "ybuf_wr_data"}) m.wire(w, row);
  for (const char* w : {"xr_addr", "yr_addr", "hw_addr", "ybuf_wr_addr", "ybuf_rd_addr"}) m.wire(w, ab);
  for (const char* w : {"xr_rot", "yr_rot", "hw_rot", "ybuf_wr_rot", "ybuf_rd_rot"}) m.wire(w, lw);
  m.raw(R"(
  assign ybuf_wr_en = host_y_wr_en_i || hw_valid && wr_ready_i;
  assign ybuf_wr_addr = host_y_wr_en_i ? host_wr_addr_i : hw_addr;
  assign ybuf_wr_rot = host_y_wr_en_i ? host_wr_rot_i : hw_rot;
  assign ybuf_wr_data = host_y_wr_en_i ? host_wr_data_i : hw_data;
  assign ybuf_rd_en = host_rd_en_i || yr_en;
  assign ybuf_rd_addr = host_rd_en_i ? host_rd_addr_i : yr_addr;
  assign ybuf_rd_rot = host_rd_en_i ? host_rd_rot_i : yr_rot;
  assign host_rd_data_o = yr_data;
  assign sum_fire_o = sum_valid && sum_ready;
  assign sum_last_o = sum_last;
  assign x_fire_o = x_valid && x_ready;
  assign y_fire_o = y_valid && y_ready;
  // Y's tlast and tkeep are X's (the add pairs data only).
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_y = y_last | (|y_keep);
  /* verilator lint_on UNUSEDSIGNAL */
)",
        {"ybuf_wr_en", "ybuf_wr_addr", "ybuf_wr_rot", "ybuf_wr_data", "ybuf_rd_en", "ybuf_rd_addr", "ybuf_rd_rot",
         "host_rd_data_o", "sum_fire_o", "sum_last_o", "x_fire_o", "y_fire_o"},
        {"host_y_wr_en_i", "hw_valid", "wr_ready_i", "host_wr_addr_i", "hw_addr", "host_wr_rot_i", "hw_rot",
         "host_wr_data_i", "hw_data", "host_rd_en_i", "yr_en", "host_rd_addr_i", "yr_addr", "host_rd_rot_i", "yr_rot",
         "yr_data", "sum_valid", "sum_ready", "sum_last", "y_last", "y_keep", "x_valid", "x_ready", "y_valid", "y_ready"});
  auto buffer = [&](const std::string& inst, const std::vector<std::pair<std::string, std::string>>& pairs) {
    hw::Instance b{"add_tb_buffer", inst, "", {}};
    rows_test::connect_pairs(m, b, pairs);
    connect(b, "rd_column_i", hw::literal(1, 0));
    connect(b, "rd_pitch_i", hw::literal(ab, 0));
    m.add(b);
  };
  buffer("u_buffer_x", {{"clk_i", "clk_i"}, {"wr_en_i", "host_x_wr_en_i"}, {"wr_addr_i", "host_wr_addr_i"},
                        {"wr_rot_i", "host_wr_rot_i"}, {"wr_data_i", "host_wr_data_i"}, {"rd_en_i", "xr_en"},
                        {"rd_addr_i", "xr_addr"}, {"rd_rot_i", "xr_rot"}, {"rd_data_o", "xr_data"}});
  buffer("u_buffer_y", {{"clk_i", "clk_i"}, {"wr_en_i", "ybuf_wr_en"}, {"wr_addr_i", "ybuf_wr_addr"},
                        {"wr_rot_i", "ybuf_wr_rot"}, {"wr_data_i", "ybuf_wr_data"}, {"rd_en_i", "ybuf_rd_en"},
                        {"rd_addr_i", "ybuf_rd_addr"}, {"rd_rot_i", "ybuf_rd_rot"}, {"rd_data_o", "yr_data"}});
  auto reader = [&](const std::string& u, const std::string& r) {
    hw::Instance i{"add_tb_reader", "u_reader_" + u, "", {}};
    rows_test::connect_pairs(m, i, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_job_tvalid", "s_" + u + "_job_tvalid"},
                                    {"s_job_tready", "s_" + u + "_job_tready"}, {"s_job_tdata", "s_" + u + "_job_tdata"},
                                    {"idle_o", u + "_idle_o"}, {"rd_en_o", r + "_en"}, {"rd_addr_o", r + "_addr"},
                                    {"rd_rot_o", r + "_rot"}, {"rd_data_i", r + "_data"}, {"m_row_tvalid", u + "_valid"},
                                    {"m_row_tready", u + "_ready"}, {"m_row_tdata", u + "_data"},
                                    {"m_row_tlast", u + "_last"}, {"m_row_tkeep", u + "_keep"}});
    m.add(i);
  };
  reader("x", "xr");
  reader("y", "yr");
  hw::Instance a{"add_tb_add", "u_add", "", {}};
  rows_test::connect_pairs(m, a, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_x_tvalid", "x_valid"},
                                  {"s_x_tready", "x_ready"}, {"s_x_tdata", "x_data"}, {"s_x_tlast", "x_last"},
                                  {"s_x_tkeep", "x_keep"}, {"s_y_tvalid", "y_valid"}, {"s_y_tready", "y_ready"},
                                  {"s_y_tdata", "y_data"}, {"m_sum_tvalid", "sum_valid"}, {"m_sum_tready", "sum_ready"},
                                  {"m_sum_tdata", "sum_data"}, {"m_sum_tlast", "sum_last"}, {"m_sum_tkeep", "sum_keep"}});
  m.add(a);
  hw::Instance w{"add_tb_writer", "u_writer", "", {}};
  rows_test::connect_pairs(m, w, {{"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_job_tvalid", "s_h_job_tvalid"},
                                  {"s_job_tready", "s_h_job_tready"}, {"s_job_tdata", "s_h_job_tdata"},
                                  {"idle_o", "h_idle_o"}, {"s_row_tvalid", "sum_valid"}, {"s_row_tready", "sum_ready"},
                                  {"s_row_tdata", "sum_data"}, {"s_row_tlast", "sum_last"}, {"s_row_tkeep", "sum_keep"},
                                  {"wr_valid_o", "hw_valid"}, {"wr_ready_i", "wr_ready_i"}, {"wr_addr_o", "hw_addr"},
                                  {"wr_rot_o", "hw_rot"}, {"wr_data_o", "hw_data"}});
  m.add(w);
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::add_test
