// The test benches' host read port of a skewed buffer (host_rd_en_i, host_rd_addr_i,
// host_rd_rot_i -> host_rd_data_o): one row-slice read, its lanes.
#pragma once
#include <cstdint>
#include <vector>

#include "tb/lanes.hpp"

namespace bitloom::workload_test {

// `tick` runs one clock cycle of `m`.
template <class M, class Tick>
std::vector<uint64_t> host_read(M& m, Tick tick, int addr, int rot, int lanes, int width) {
  m.host_rd_en_i = 1;
  m.host_rd_addr_i = addr;
  m.host_rd_rot_i = rot;
  tick();
  m.host_rd_en_i = 0;
  m.eval();
  std::vector<uint64_t> out;
  for (int j = 0; j < lanes; ++j) out.push_back(tb::get_lane(m.host_rd_data_o, j, width));
  return out;
}

}  // namespace bitloom::workload_test
