#include "generator/output_queue.hpp"

#include "hw/printer.hpp"
#include "hw/prims/prims.hpp"
#include "hw/text_instance.hpp"

namespace bitloom {

namespace {

std::string queue_name(const GemmConfig& g) { return g.name + "_out_queue"; }

}  // namespace

void add_output_queue_module(Design& d, const GemmConfig& g) {
  hw::prims::FifoOptions o;
  o.depth = 2;
  o.occupancy = false;
  o.next_occupancy = true;
  o.in_ready = false;
  o.head_in_flops = true;
  const hw::Module m = hw::prims::fifo(queue_name(g), hw::stream_shape("c", g.cols, g.c_width, true), o);
  d.modules.push_back({queue_name(g), "output queue", hw::print_module(m)});
}

std::string output_queue_instance(const Design& d, const GemmConfig& g, const std::string& row, const std::string& last) {
  const int bits = g.cols * g.c_width;
  const std::vector<hw::TextPort> ports{{"clk_i", "clk", 1},
                                        {"rst_ni", "rst_n", 1},
                                        {"s_c_tvalid", "out_push", 1},
                                        {"s_c_tdata", row, bits},
                                        {"s_c_tlast", last, 1},
                                        {"m_c_tvalid", "m_c_tvalid", 1},
                                        {"m_c_tready", "m_c_tready", 1},
                                        {"m_c_tdata", "m_c_tdata", bits},
                                        {"m_c_tlast", "m_c_tlast", 1},
                                        {"occupancy_next_o", "out_count_d", 2}};
  return hw::checked_text_instance(module_interface(d, queue_name(g)), "u_out_queue", ports);
}

}  // namespace bitloom
