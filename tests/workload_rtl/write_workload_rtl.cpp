// Writes the workload hardware test benches' RTL, one module per file DIR/<module>.v:
// the compute core bench (the 4 x 4 array as generated text, the core of
// tests/workload_rtl/core_variants.hpp, a skewed buffer and the top core_tb_top that lets
// the test fill and read the buffers while the core is idle) and the DRAM row movers'
// benches (tests/workload_rtl/rows_variants.hpp) and the generated workload tops of
// tests/workload_rtl/system_variants.hpp. Usage: write_workload_rtl DIR
#include <fmt/format.h>

#include <iostream>

#include "generator/os_array.hpp"
#include "hw/prims/prims.hpp"
#include "hw/prims/skewed_buffer.hpp"
#include "tests/workload_rtl/core_variants.hpp"
#include "tests/workload_rtl/add_bench.hpp"
#include "tests/workload_rtl/panels_bench.hpp"
#include "tests/workload_rtl/rows_bench.hpp"
#include "tests/workload_rtl/rtl_writer.hpp"
#include "tests/workload_rtl/system_variants.hpp"

namespace {

using namespace bitloom;
using hw::Instance;
using hw::Module;

// The core bench's array: 4 x 4, or 4 x c for a re-split core's bench.
bitloom::Design test_array(const std::string& name, int cols) {
  GemmConfig g;
  g.name = name;
  g.rows = core_test::kLanes;
  g.cols = cols;
  g.a = g.b = Operand{core_test::kOperandWidth, true};
  g.k_max = core_test::kMaxK;
  g.c_width = no_overflow_width(g.a, g.b, g.k_max);
  return build_os_array(g);
}

// The test top: host ports fill buffer A (A, result canaries) and B, read buffer A back,
// and feed jobs; the core owns the buffers' other uses. The host drives its ports only
// while the core is idle (the test's side of the contract).
Module test_top(const core_test::CoreVariant& v) {
  const std::string& top = v.top;
  const int l = core_test::kLanes, ew = core_test::kElemWidth, ab = core_test::kAddressBits;
  const int lw = hw::prims::bits_for(l - 1), dw = l * ew;
  Module m(top, top + ": the compute core between two skewed buffers, for its test.");
  m.input("clk_i");
  m.input("rst_ni");
  m.input("s_job_tvalid");
  m.output("s_job_tready");
  m.input("s_job_tdata", 57);
  m.output("idle_o");
  m.input("host_a_wr_en_i", 1, "host writes of buffer A (core idle)");
  m.input("host_b_wr_en_i", 1, "host writes of buffer B");
  m.input("host_wr_addr_i", ab);
  m.input("host_wr_rot_i", lw);
  m.input("host_wr_data_i", dw);
  m.input("host_rd_en_i", 1, "host row reads of buffer A (core idle)");
  m.input("host_rd_addr_i", ab);
  m.input("host_rd_rot_i", lw);
  m.output("host_rd_data_o", dw);
  m.input("s_b_tvalid");
  m.output("s_b_tready");
  m.input("s_b_tdata", dw);
  m.input("wr_ready_i", 1, "back-pressure on the core's buffer writes");
  m.output("m_out_tvalid");
  m.input("m_out_tready");
  m.output("m_out_tdata", dw);
  m.output("m_out_tlast");
  m.output("m_out_tkeep", l);
  for (const char* n : {"a_rd_en", "b_rd_en", "wr_valid", "a_column", "b_rd_column"}) m.wire(n);
  m.wire("b_rd_pitch", ab);
  m.wire("a_rd_addr", ab);
  m.wire("a_rd_pitch", ab);
  m.wire("a_rd_rot", lw);
  m.wire("a_rd_data", dw);
  m.wire("b_rd_addr", ab);
  m.wire("b_rd_rot", lw);
  m.wire("b_rd_data", dw);
  m.wire("wr_addr", ab);
  m.wire("wr_rot", lw);
  m.wire("wr_data", dw);
  for (const char* n : {"buf_a_wr_en", "buf_a_rd_en"}) m.wire(n);
  m.wire("buf_a_wr_addr", ab);
  m.wire("buf_a_wr_rot", lw);
  m.wire("buf_a_wr_data", dw);
  m.wire("buf_a_rd_addr", ab);
  m.wire("buf_a_rd_rot", lw);
  m.raw(fmt::format(R"(
  assign buf_a_wr_en = host_a_wr_en_i || wr_valid && wr_ready_i;
  assign buf_a_wr_addr = host_a_wr_en_i ? host_wr_addr_i : wr_addr;
  assign buf_a_wr_rot = host_a_wr_en_i ? host_wr_rot_i : wr_rot;
  assign buf_a_wr_data = host_a_wr_en_i ? host_wr_data_i : wr_data;
  assign buf_a_rd_en = host_rd_en_i || a_rd_en;
  assign buf_a_rd_addr = host_rd_en_i ? host_rd_addr_i : a_rd_addr;
  assign buf_a_rd_rot = host_rd_en_i ? host_rd_rot_i : a_rd_rot;
  assign a_column = !host_rd_en_i;
  assign host_rd_data_o = a_rd_data;
)"),
        {"buf_a_wr_en", "buf_a_wr_addr", "buf_a_wr_rot", "buf_a_wr_data", "buf_a_rd_en", "buf_a_rd_addr",
         "buf_a_rd_rot", "a_column", "host_rd_data_o"},
        {"host_a_wr_en_i", "wr_valid", "wr_ready_i", "host_wr_addr_i", "wr_addr", "host_wr_rot_i", "wr_rot",
         "host_wr_data_i", "wr_data", "host_rd_en_i", "a_rd_en", "host_rd_addr_i", "a_rd_addr", "host_rd_rot_i",
         "a_rd_rot", "a_rd_data"});

  // The buffers' ports in order, then each buffer's nets for them.
  const std::vector<std::string> ports = {"clk_i",   "wr_en_i",     "wr_addr_i",  "wr_rot_i", "wr_data_i", "rd_en_i",
                                          "rd_column_i", "rd_addr_i", "rd_pitch_i", "rd_rot_i", "rd_data_o"};
  auto buffer = [&](const std::string& inst, const std::string& comment, const std::vector<std::string>& nets) {
    Instance b{v.buffer, inst, comment, {}};
    for (size_t i = 0; i < ports.size(); ++i) connect(b, ports[i], m.net(nets[i]));
    m.add(b);
  };
  buffer("u_buffer_a", "A and the results.",
         {"clk_i", "buf_a_wr_en", "buf_a_wr_addr", "buf_a_wr_rot", "buf_a_wr_data", "buf_a_rd_en", "a_column",
          "buf_a_rd_addr", "a_rd_pitch", "buf_a_rd_rot", "a_rd_data"});
  buffer("u_buffer_b", "B.",
         {"clk_i", "host_b_wr_en_i", "host_wr_addr_i", "host_wr_rot_i", "host_wr_data_i", "b_rd_en", "b_rd_column",
          "b_rd_addr", "b_rd_pitch", "b_rd_rot", "b_rd_data"});

  Instance c{v.core, "u_core", "The core under test.", {}};
  for (const char* p : {"clk_i", "rst_ni", "s_job_tvalid", "s_job_tready", "s_job_tdata", "idle_o", "s_b_tvalid",
                        "s_b_tready", "s_b_tdata", "wr_ready_i", "m_out_tvalid", "m_out_tready", "m_out_tdata",
                        "m_out_tlast", "m_out_tkeep"})
    connect(c, p, m.net(p));
  for (const char* p : {"a_rd_en", "a_rd_addr", "a_rd_pitch", "a_rd_rot", "b_rd_en", "b_rd_column", "b_rd_addr",
                        "b_rd_pitch", "b_rd_rot", "wr_valid",
                        "wr_addr", "wr_rot", "wr_data"})
    connect(c, std::string(p) + "_o", m.net(p));
  connect(c, "a_rd_data_i", m.net("a_rd_data"));
  connect(c, "b_rd_data_i", m.net("b_rd_data"));
  connect(c, "a_ring_ready_i", hw::literal(1, 0));  // no ring stages here
  connect(c, "a_ring_take_o", m.output("a_ring_take_o"));
  connect(c, "a_ring_free_o", m.output("a_ring_free_o"));
  m.add(c);
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_workload_rtl DIR\n";
    return 2;
  }
  try {
    workload_test::RtlWriter out(argv[1]);
    // The whole core (core_tb_top), then re-split ones of 4 x 2 and 4 x 1 PEs.
    for (const core_test::CoreVariant& b : core_test::core_variants()) {
      for (const Module& m : hw::prims::skewed_buffer(b.buffer, core_test::kLanes, core_test::kElemWidth,
                                                      1 << core_test::kAddressBits))
        out.write(m);
      const bitloom::Design array = test_array(b.core + "_array", b.cols);
      workload_rtl::CoreOptions o;
      o.lanes = core_test::kLanes;
      o.elem_width = core_test::kElemWidth;
      o.address_bits = core_test::kAddressBits;
      o.panel_depth = b.cols < core_test::kLanes ? static_cast<int>(core_test::kMaxK) : 0;
      std::vector<Module> modules = workload_rtl::compute_core(b.core, array, o, core_test::core_stages());
      modules.push_back(test_top(b));
      out.declare(workload_rtl::array_ports(array));
      for (const VerilogModule& v : array.modules) out.write(v.name, v.text);
      for (const Module& m : modules) out.write(m);
      out.bench_done(b.top);
    }
    auto bench = [&](const std::vector<Module>& bench_modules) {
      for (const Module& m : bench_modules) out.write(m);
      out.bench_done(bench_modules.back().name());
    };
    for (const auto& v : rows_test::variants()) bench(rows_test::bench_modules(v));
    for (const auto& v : panels_test::variants()) bench(panels_test::bench_modules(v));
    bench(add_test::bench_modules());
    std::vector<system_test::SystemCase> systems = system_test::system_cases();
    for (const auto& c : system_test::mutant_cases()) systems.push_back(c);
    for (const auto& c : systems) {
      const system_test::Built b = system_test::build(c);
      for (const bitloom::Design& d : b.rtl.designs) {
        out.declare(workload_rtl::array_ports(d));
        for (const VerilogModule& v : d.modules) out.write(v.name, v.text);
      }
      bench(b.rtl.modules);
    }
    out.remove_stale();
  } catch (const std::exception& e) {
    std::cerr << "write_workload_rtl: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
