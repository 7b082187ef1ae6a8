// The DMA channels against a DRAM port model (tb/dram_port.hpp), with random commands:
// - read: each client's output stream is the memory's bytes of its commands in command
//   order, tlast on each command's last beat (three clients share the request port in
//   the small variant); the channel never holds up DRAM read data (its credit);
//   rd_bytes_o = the DRAM's count = the commands' bytes;
// - write: after idle_o the memory is the canary except for the commands' bytes
//   (applied in order); idle_o never shows while a burst waits for its response;
//   wr_bytes_o = the DRAM's count = the commands' bytes.
// Deterministic runs (fixed latency, no drops) also bound the cycles; random runs
// draw latencies from [lat, 4 lat] and drop readies. Expectations come from the
// commands and the memory alone.
#include <algorithm>
#include <memory>
#include <random>

#include "Vprim_dma_read.h"
#include "Vprim_dma_read_full.h"
#include "Vprim_dma_read_pair.h"
#include "Vprim_dma_write.h"
#include "Vprim_dma_write_full.h"
#include "Vprim_dma_write_strobed.h"
#include "tb/axis_ports.hpp"
#include "tb/axis_stream.hpp"
#include "tb/dram_port.hpp"
#include "tb/rtl_test_support.hpp"
#include "tests/prims/prim_variants.hpp"
#include "tests/prims/stream_prim_checks.hpp"

using namespace bitloom;
using namespace bitloom::prim_test;

namespace {

struct Command {
  uint64_t addr;
  int beats;
};

// `n` commands of one beat each, `stride` bytes apart (a panel's or a result tile's rows).
std::vector<Command> one_beat_commands(int n, uint64_t stride) {
  std::vector<Command> rows;
  for (int i = 0; i < n; ++i) rows.push_back({stride * static_cast<uint64_t>(i), 1});
  return rows;
}

// Commands of 1..max_beats beats at random beat-aligned addresses inside `bytes`.
std::vector<Command> random_commands(std::mt19937_64& rng, int n, int max_beats, int data_bytes, size_t bytes) {
  std::vector<Command> v;
  for (int i = 0; i < n; ++i) {
    const int beats = std::uniform_int_distribution<int>(1, max_beats)(rng);
    const uint64_t slots = bytes / data_bytes - beats;
    v.push_back({std::uniform_int_distribution<uint64_t>(0, slots)(rng) * data_bytes, beats});
  }
  return v;
}


std::vector<uint8_t> bytes_of(uint64_t w, int n) {
  std::vector<uint8_t> v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(w >> (8 * i));
  return v;
}

template <class V, class A, class B, class R>
tb::AxisPort command_port(V* valid, A* addr, B* beats, const R* ready) {
  tb::AxisPort p;
  p.set_valid = [valid](bool v) { *valid = v; };
  p.put = [addr, beats](const tb::AxisBeat& b) {
    *addr = static_cast<A>(b.lanes[0]);
    *beats = static_cast<B>(b.lanes[1]);
  };
  p.ready = [ready] { return *ready != 0; };
  return p;
}

// A read client's command port and data stream.
struct ClientPorts {
  tb::AxisPort command, data;
};
// Client k of model m: c<k>_cmd_* and m_data<k>_*, `width`-bit beats.
#define DMA_CLIENT(m, k, width)                                                                           \
  ClientPorts {                                                                                           \
    command_port(&(m).c##k##_cmd_valid_i, &(m).c##k##_cmd_addr_i, &(m).c##k##_cmd_beats_i,                \
                 &(m).c##k##_cmd_ready_o),                                                                \
        tb::design_source_port(&(m).m_data##k##_tvalid, &(m).m_data##k##_tdata, &(m).m_data##k##_tlast,   \
                               &(m).m_data##k##_tready, 1, width)                                         \
  }
std::vector<ClientPorts> clients_of(Vprim_dma_read& m) {
  return {DMA_CLIENT(m, 0, 32), DMA_CLIENT(m, 1, 32), DMA_CLIENT(m, 2, 32)};
}
std::vector<ClientPorts> clients_of(Vprim_dma_read_full& m) { return {DMA_CLIENT(m, 0, 64)}; }
std::vector<ClientPorts> clients_of(Vprim_dma_read_pair& m) { return {DMA_CLIENT(m, 0, 32), DMA_CLIENT(m, 1, 32)}; }

struct RunResult {
  std::vector<std::string> errors;
  long long cycles = 0;
  std::vector<long long> last_beat_cycle;  // per read client
};

// A DRAM as large as the channel's address space, as wide as its beats.
tb::DramPortConfig dram_for(const hw::prims::DmaOptions& o, bool random, uint64_t seed) {
  tb::DramPortConfig dc;
  dc.data_bytes = o.data_bytes;
  dc.max_burst = o.max_burst;
  dc.bytes = size_t{1} << o.addr_bits;
  dc.random = random;
  dc.seed = seed;
  return dc;
}

// --------------------------------------------------------------------------- read
template <class M>
RunResult run_read(const hw::prims::DmaOptions& o, bool random, uint64_t seed, const std::vector<Command>& forced = {},
                   int latency = 40) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  std::mt19937_64 rng(seed);
  tb::DramPortConfig dc = dram_for(o, random, rng());
  dc.read_latency = latency;
  tb::DramPort dram(dc);
  for (auto& b : dram.mem) b = static_cast<uint8_t>(rng());
  const auto commands = forced.empty() ? random_commands(rng, 40, 3 * o.max_burst + 40, o.data_bytes, dc.bytes) : forced;
  const auto ports = clients_of(*m);
  std::vector<std::unique_ptr<tb::AxisSource>> cmds;
  std::vector<std::unique_ptr<tb::AxisSink>> sinks;
  std::vector<std::vector<tb::AxisBeat>> expected(ports.size());
  for (const auto& p : ports) {
    cmds.push_back(std::make_unique<tb::AxisSource>(p.command, random ? 0.5 : 1.0, rng()));
    sinks.push_back(std::make_unique<tb::AxisSink>(p.data, random ? 0.7 : 1.0, rng()));
  }
  long long total_bytes = 0;
  size_t total_beats = 0;
  for (size_t n = 0; n < commands.size(); ++n) {
    const Command& c = commands[n];
    // Random clients; forced commands go to the clients in turn.
    const size_t client = forced.empty() ? rng() % ports.size() : n % ports.size();
    cmds[client]->push({{c.addr, static_cast<uint64_t>(c.beats)}});
    for (int i = 0; i < c.beats; ++i) {
      const auto* at = dram.mem.data() + c.addr + static_cast<uint64_t>(i) * o.data_bytes;
      expected[client].push_back({{tb::beat_word({at, at + o.data_bytes})}, i == c.beats - 1});
    }
    total_bytes += static_cast<long long>(c.beats) * o.data_bytes;
    total_beats += c.beats;
  }
  auto received = [&] {
    size_t n = 0;
    for (const auto& k : sinks) n += k->received.size();
    return n;
  };
  clock_reset(*m);
  RunResult r;
  const long long limit = 200LL * static_cast<long long>(total_beats) + 10000;
  while ((received() < total_beats || !m->idle_o) && r.cycles < limit) {
    for (auto& c : cmds) c->drive();
    for (auto& k : sinks) k->drive();
    dram.drive();
    tb::drive_read_inputs(dram, *m);
    m->clk_i = 0;
    m->eval();
    if (dram.rd_data_valid && !m->rd_data_ready_o) r.errors.push_back(fmt::format("cycle {}: read data held up", r.cycles));
    tb::DramPortView v;
    tb::view_read_outputs(*m, v);
    for (auto& c : cmds) c->sample();
    r.last_beat_cycle.resize(sinks.size(), -1);
    for (size_t k = 0; k < sinks.size(); ++k)
      if (sinks[k]->sample(r.cycles)) r.last_beat_cycle[k] = r.cycles;
    dram.edge(v);
    m->clk_i = 1;
    m->eval();
    for (auto& c : cmds) c->advance();
    ++r.cycles;
    if (r.errors.size() > 5) break;
  }
  r.errors.insert(r.errors.end(), dram.errors.begin(), dram.errors.end());
  if (received() != total_beats || !m->idle_o)
    r.errors.push_back(fmt::format("{} of {} beats and idle {} after {} cycles", received(), total_beats,
                                   static_cast<int>(m->idle_o), r.cycles));
  for (size_t c = 0; c < sinks.size(); ++c) {
    const auto& got = sinks[c]->received;
    r.errors.insert(r.errors.end(), sinks[c]->errors.begin(), sinks[c]->errors.end());
    for (size_t i = 0; i < got.size() && i < expected[c].size(); ++i)
      if (got[i] != expected[c][i]) {
        r.errors.push_back(fmt::format("client {} beat {}: got {}, expected {}", c, i, got[i].str(), expected[c][i].str()));
        break;
      }
  }
  if (dram.read_bytes != total_bytes || static_cast<long long>(m->rd_bytes_o) != total_bytes)
    r.errors.push_back(fmt::format("bytes read: counter {}, DRAM {}, commands {}", static_cast<long long>(m->rd_bytes_o),
                                   dram.read_bytes, total_bytes));
  return r;
}

// --------------------------------------------------------------------------- write
template <class M>
RunResult run_write(const hw::prims::DmaOptions& o, bool random, uint64_t seed, const std::vector<Command>& forced = {}) {
  auto ctx = std::make_unique<VerilatedContext>();
  auto m = std::make_unique<M>(ctx.get());
  std::mt19937_64 rng(seed);
  const tb::DramPortConfig dc = dram_for(o, random, rng());
  tb::DramPort dram(dc);
  std::vector<uint8_t> expected(dc.bytes, dc.canary);
  const auto commands = forced.empty() ? random_commands(rng, 40, 3 * o.max_burst + 40, o.data_bytes, dc.bytes) : forced;
  tb::AxisSource cmd(command_port(&m->cmd_valid_i, &m->cmd_addr_i, &m->cmd_beats_i, &m->cmd_ready_o),
                     random ? 0.5 : 1.0, rng());
  tb::AxisPort in;
  in.set_valid = [&](bool v) { m->s_data_tvalid = v; };
  constexpr bool strobed = tb::HasWriteStrobe<M>::value;
  const int granules = strobed ? o.data_bytes / o.strobe_bytes : 1;
  in.put = [&](const tb::AxisBeat& b) {
    m->s_data_tdata = b.lanes[0];
    if constexpr (strobed) m->s_data_tstrb = b.lanes[1];
  };
  in.ready = [&] { return m->s_data_tready != 0; };
  tb::AxisSource data(in, random ? 0.7 : 1.0, rng());
  long long total_bytes = 0;
  for (const Command& c : commands) {
    cmd.push({{c.addr, static_cast<uint64_t>(c.beats)}});
    for (int i = 0; i < c.beats; ++i) {
      const uint64_t word = rng() & (o.data_bytes == 8 ? ~0ULL : (1ULL << (8 * o.data_bytes)) - 1);
      // With strobes, a random set of granules (often all or none) is written.
      const uint64_t strb = !strobed ? 1 : rng() % 4 == 0 ? (1ULL << granules) - 1 : rng() % 8 == 0 ? 0 : rng() & ((1ULL << granules) - 1);
      data.push({{word, strb}});
      const auto b = bytes_of(word, o.data_bytes);
      for (int k = 0; k < o.data_bytes; ++k) {
        if (strobed && !((strb >> (k / o.strobe_bytes)) & 1)) continue;
        expected[c.addr + static_cast<uint64_t>(i) * o.data_bytes + k] = b[k];
        ++total_bytes;
      }
    }
  }
  clock_reset(*m);
  RunResult r;
  const long long limit = 200LL * total_bytes / o.data_bytes + 10000;
  while ((!data.idle() || !cmd.idle() || !m->idle_o) && r.cycles < limit) {
    cmd.drive();
    data.drive();
    dram.drive();
    tb::drive_write_inputs(dram, *m);
    m->clk_i = 0;
    m->eval();
    if (m->idle_o && dram.writes_pending() > 0)
      r.errors.push_back(fmt::format("cycle {}: idle while {} bursts wait for a response", r.cycles, dram.writes_pending()));
    tb::DramPortView v;
    tb::view_write_outputs(*m, o.data_bytes, v);
    cmd.sample();
    data.sample();
    dram.edge(v);
    m->clk_i = 1;
    m->eval();
    cmd.advance();
    data.advance();
    ++r.cycles;
    if (r.errors.size() > 5) break;
  }
  r.errors.insert(r.errors.end(), dram.errors.begin(), dram.errors.end());
  if (!data.idle() || !m->idle_o || dram.writes_pending() > 0)
    r.errors.push_back(fmt::format("not done after {} cycles: {} beats left, idle {}, {} bursts pending", r.cycles,
                                   data.waiting(), static_cast<int>(m->idle_o), dram.writes_pending()));
  for (size_t i = 0; i < expected.size(); ++i)
    if (dram.mem[i] != expected[i]) {
      r.errors.push_back(fmt::format("memory byte {:#x}: {:#04x}, expected {:#04x}", i, dram.mem[i], expected[i]));
      break;
    }
  if (dram.write_bytes != total_bytes || static_cast<long long>(m->wr_bytes_o) != total_bytes)
    r.errors.push_back(fmt::format("bytes written: counter {}, DRAM {}, commands {}",
                                   static_cast<long long>(m->wr_bytes_o), dram.write_bytes, total_bytes));
  return r;
}

std::string report(const RunResult& r, uint64_t seed, bool random) {
  return fmt::format("seed {} ({} DRAM):\n  {}", seed, random ? "random" : "deterministic", fmt::join(r.errors, "\n  "));
}

// `run(options, random, seed)` with the deterministic DRAM, then the random one.
template <class Run>
void both_drams(Run run, const hw::prims::DmaOptions& o) {
  const uint64_t seed = tb::test_seed();
  for (bool random : {false, true}) {
    const RunResult r = run(o, random, seed);
    EXPECT_TRUE(r.errors.empty()) << report(r, seed, random);
  }
}

}  // namespace

TEST(DmaRead, ThreeClientsSmallBurstsAndCredit) {
  both_drams([](auto&&... a) { return run_read<Vprim_dma_read>(a...); }, dma_small());
}

TEST(DmaRead, FullBurstsAcrossPages) {
  both_drams([](auto&&... a) { return run_read<Vprim_dma_read_full>(a...); }, dma_full());
}

TEST(DmaRead, StreamsOneBeatPerCycle) {
  // One long command from a page boundary, fixed 40-cycle latency: the buffer holds two
  // bursts, so requests run ahead of the data and the beats arrive back to back.
  const hw::prims::DmaOptions o = dma_full();
  const int beats = 4096;
  const RunResult r = run_read<Vprim_dma_read_full>(o, false, 1, {{4096, beats}});
  EXPECT_TRUE(r.errors.empty()) << report(r, 1, false);
  EXPECT_LE(r.cycles, beats + 40 + 16) << "beats did not stream back to back";
}

TEST(DmaRead, OneBeatCommandsStreamOneBeatPerCycle) {
  // 400 commands of one beat each, 64 bytes apart (a B panel's rows when a row of the
  // panels is one beat): a command is taken as the last burst of the one before is
  // requested, and the request port takes a burst a cycle, so with 48 bursts in flight
  // the beats arrive back to back at a 40-cycle latency (it took 2 cycles a command when
  // either waited for the other: 842 cycles).
  const hw::prims::DmaOptions o = dma_full();
  const RunResult r = run_read<Vprim_dma_read_full>(o, false, 1, one_beat_commands(400, 64));
  EXPECT_TRUE(r.errors.empty()) << report(r, 1, false);
  EXPECT_LE(r.cycles, 400 + 40 + 16) << "one-beat commands did not stream back to back";
}

TEST(DmaRead, ClientsTakeTurns) {
  // Two clients, twenty 16-beat bursts each, both at once, a short latency and room for
  // four bursts each. Round robin interleaves their bursts, so they finish within two
  // bursts of each other (measured: 16 cycles apart; a fixed priority for client 0,
  // which its credit still throttles, ends them 64 cycles apart).
  const hw::prims::DmaOptions o = dma_pair();
  const RunResult r = run_read<Vprim_dma_read_pair>(o, false, 1, {{0, 320}, {8192, 320}}, 4);
  ASSERT_TRUE(r.errors.empty()) << report(r, 1, false);
  EXPECT_LE(std::abs(r.last_beat_cycle[0] - r.last_beat_cycle[1]), 2 * o.max_burst)
      << "last beats at " << fmt::format("{}", fmt::join(r.last_beat_cycle, ", "));
}

TEST(DmaRead, PairOfClientsRandom) {
  both_drams([](auto&&... a) { return run_read<Vprim_dma_read_pair>(a...); }, dma_pair());
}

TEST(DmaWrite, SmallBursts) {
  both_drams([](auto&&... a) { return run_write<Vprim_dma_write>(a...); }, dma_small());
}

TEST(DmaWrite, FullBurstsAcrossPages) {
  both_drams([](auto&&... a) { return run_write<Vprim_dma_write_full>(a...); }, dma_full());
}

TEST(DmaWrite, StrobesWriteAndCountOnlyTheirBytes) {
  // Random granule strobes (2-byte granules of 8-byte beats): only strobed bytes reach
  // the memory, and wr_bytes_o and the DRAM count only them.
  both_drams([](auto&&... a) { return run_write<Vprim_dma_write_strobed>(a...); }, dma_strobed());
}

TEST(DmaWrite, OneBeatCommandsStreamOneBeatPerCycle) {
  // 400 commands of one beat each (a tile writer's result rows when a row is one beat),
  // data always ready, a fixed 20-cycle write latency: a command is taken as the last
  // burst of the one before is requested, the request port takes a burst a cycle, and 32
  // bursts may wait for their acknowledgement, so the beats leave back to back (it took
  // 2 cycles a command when the splitter and the request port each waited for the other).
  const hw::prims::DmaOptions o = dma_full();
  const RunResult r = run_write<Vprim_dma_write_full>(o, false, 1, one_beat_commands(400, 8));
  EXPECT_TRUE(r.errors.empty()) << report(r, 1, false);
  fmt::print("400 one-beat write commands: {} cycles\n", r.cycles);
  EXPECT_LE(r.cycles, 400 + 20 + 16) << "one-beat commands did not stream back to back";
}
