// The test benches' DRAM model (tb/dram_port.hpp) on a shared data bus: reads and writes
// take turns when both wait, and a write whose data the design does not offer yet leaves
// the bus to the reads (a DRAM writes only the data it has; the performance models charge
// a write's bus time for its data alone). Driven directly, without a design.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "tb/dram_port.hpp"

namespace bitloom::test {
namespace {

using tb::DramPort;
using tb::DramPortConfig;
using tb::DramPortView;

constexpr int kReadBeats = 8, kWriteBeats = 4, kLatency = 3;
// The first read beat comes kLatency cycles after the request's edge: kLatency - 1 idle.
constexpr int kIdle = kLatency - 1;

DramPortConfig shared_bus() {
  DramPortConfig c;
  c.data_bytes = 4;
  c.max_burst = 16;
  c.bytes = 4096;
  c.read_latency = kLatency;
  c.write_latency = kLatency;
  c.shared_bus = true;
  return c;
}

struct Beats {
  std::vector<char> per_cycle;  // 'r', 'w' or '.' for each cycle after the requests
  int reads = 0, writes = 0;
};

// One read burst and one write burst requested together; then the design takes every read
// beat and offers its write beats from cycle `write_from` on (held until taken).
Beats run(int write_from) {
  DramPort d(shared_bus());
  DramPortView v;
  v.rd_req_valid = v.wr_req_valid = true;
  v.rd_req_addr = 0;
  v.rd_req_len = kReadBeats - 1;
  v.wr_req_addr = 1024;
  v.wr_req_len = kWriteBeats - 1;
  d.drive();
  EXPECT_TRUE(d.rd_req_ready && d.wr_req_ready) << "fixed timing never drops a ready";
  d.edge(v);
  Beats b;
  v = DramPortView{};
  v.rd_data_ready = true;
  for (int cycle = 0; cycle < 64 && (b.reads < kReadBeats || b.writes < kWriteBeats); ++cycle) {
    d.drive();
    v.wr_data_valid = cycle >= write_from && b.writes < kWriteBeats;
    v.wr_data.assign(4, static_cast<uint8_t>(b.writes));
    v.wr_data_last = b.writes == kWriteBeats - 1;
    const bool read = d.rd_data_valid && v.rd_data_ready, write = v.wr_data_valid && d.wr_data_ready;
    EXPECT_FALSE(read && write) << "cycle " << cycle << ": one data bus";
    b.per_cycle.push_back(read ? 'r' : write ? 'w' : '.');
    b.reads += read;
    b.writes += write;
    d.edge(v);
  }
  EXPECT_TRUE(d.errors.empty()) << d.errors.front();
  return b;
}

std::string text(const Beats& b) { return std::string(b.per_cycle.begin(), b.per_cycle.end()); }

TEST(DramPort, AWriteWhoseDataHasNotComeLeavesTheBusToTheReads) {
  // The write's data comes only after the read burst: the read streams a beat a cycle from
  // its latency on, as if no write were open.
  const Beats b = run(/*write_from=*/kIdle + kReadBeats);
  ASSERT_EQ(b.reads, kReadBeats) << text(b);
  const std::string s = text(b);
  EXPECT_EQ(s.substr(0, kIdle + kReadBeats), std::string(kIdle, '.') + std::string(kReadBeats, 'r')) << s;
  EXPECT_EQ(b.writes, kWriteBeats) << s;
}

TEST(DramPort, ReadsAndOfferedWriteBeatsTakeTurns) {
  // Both offered from the start: after the read latency the bus never idles, neither side
  // takes two beats running while the other waits, and the write is done long before the
  // read.
  const Beats b = run(/*write_from=*/0);
  const std::string s = text(b);
  ASSERT_EQ(b.reads, kReadBeats) << s;
  ASSERT_EQ(b.writes, kWriteBeats) << s;
  const std::string busy = s.substr(kIdle);
  EXPECT_EQ(busy.find('.'), std::string::npos) << s;
  const size_t last_write = s.rfind('w');
  for (size_t i = kIdle + 1; i <= last_write; ++i) EXPECT_NE(s[i], s[i - 1]) << s << ": cycle " << i;
  EXPECT_LT(last_write, s.rfind('r')) << s;
  std::cout << "shared bus, both offered: " << s << "\n";
}

}  // namespace
}  // namespace bitloom::test
