// A DRAM behind a design's burst ports (rd_req / rd_data, wr_req / wr_data / wr_resp:
// AXI4's AR / R, AW / W, B with one ID), for Verilator harnesses. Byte memory pre-filled
// with a canary; reads answered in order after a latency; a write's bytes are committed
// only when its response is given. Deterministic runs use fixed latencies and never
// drop a ready (with shared_bus, reads and writes take turns on one data bus); correctness runs draw each latency from [lat, 4 lat] and drop readies
// and data valids at random. It checks the design's side of the port: requests held
// until taken, aligned bursts of at most max_burst beats inside one 4 KiB page and
// inside the memory, write data only for an accepted request, wlast exactly on a
// burst's last beat, write data (and strobes) held until taken. Only strobed bytes are
// written and counted.
//
// Per cycle: drive() (the inputs it gives the design), eval with the clock low, edge()
// with what the design shows then (the handshakes of the coming rising edge).
#pragma once
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace bitloom::tb {

struct DramPortConfig {
  int data_bytes = 8;
  int max_burst = 256;
  size_t bytes = 1 << 16;
  int read_latency = 40, write_latency = 20;
  bool random = false;      // random latency in [lat, 4 lat], ready and valid drops
  // Reads and writes share one data bus, a beat a cycle (the performance models' one DRAM
  // bus): with both waiting, they take turns; an offered read beat holds the bus, and a
  // write whose next beat the design does not offer yet leaves it to the reads.
  bool shared_bus = false;
  double ready_rate = 0.8;  // random runs: chance a ready (or a read data valid) is offered
  uint64_t seed = 1;
  uint8_t canary = 0xA5;
};

// What the design shows on the port after eval.
struct DramPortView {
  bool rd_req_valid = false;
  uint64_t rd_req_addr = 0;
  int rd_req_len = 0;  // beats - 1
  bool rd_data_ready = false;
  bool wr_req_valid = false;
  uint64_t wr_req_addr = 0;
  int wr_req_len = 0;
  bool wr_data_valid = false;
  std::vector<uint8_t> wr_data;
  std::vector<bool> wr_strb;  // a bit per byte (AXI4 WSTRB); empty: every byte
  bool wr_data_last = false;
  bool wr_resp_ready = false;
};

class DramPort {
 public:
  explicit DramPort(const DramPortConfig& c) : mem(c.bytes, c.canary), c_(c), rng_(c.seed) {}

  // The inputs for this cycle, decided before the design's outputs are seen.
  bool rd_req_ready = false, rd_data_valid = false, rd_data_last = false;
  std::vector<uint8_t> rd_data;
  bool wr_req_ready = false, wr_data_ready = false, wr_resp_valid = false;

  void drive() {
    rd_req_ready = coin();
    wr_req_ready = coin();
    bool read_turn = true, write_turn = true;
    const bool read_waiting = rd_data_valid || (!reads_.empty() && reads_.front().ready_at <= now_);
    // A write takes a turn only with a beat the design is known to offer: one offered and
    // not taken last cycle (AXI's hold rule). A DRAM writes only data it has, so a write
    // whose beats have not come yet does not hold the reads back.
    if (c_.shared_bus && read_waiting && !writes_.empty()) {
      if (wr_data_stalled_) read_turn = rd_data_valid || read_turn_;
      write_turn = !read_turn;
      read_turn_ = !read_turn;  // with both waiting, turns alternate, so neither waits forever
    }
    wr_data_ready = write_turn && coin();
    if (!rd_data_valid && read_turn && !reads_.empty() && reads_.front().ready_at <= now_ && coin()) {
      const Burst& b = reads_.front();
      const uint64_t at = b.addr + static_cast<uint64_t>(b.sent) * c_.data_bytes;
      rd_data.assign(mem.begin() + at, mem.begin() + at + c_.data_bytes);
      rd_data_last = b.sent == b.beats - 1;
      rd_data_valid = true;
    }
    wr_resp_valid = !responses_.empty() && responses_.front().ready_at <= now_;
  }

  // The handshakes of the coming edge, with the design's outputs as they are now.
  void edge(const DramPortView& v) {
    check_request("read", v.rd_req_valid, rd_req_ready, v.rd_req_addr, v.rd_req_len, rd_held_);
    check_request("write", v.wr_req_valid, wr_req_ready, v.wr_req_addr, v.wr_req_len, wr_held_);
    if (wr_data_stalled_ && (!v.wr_data_valid || v.wr_data != wr_data_held_ || v.wr_strb != wr_strb_held_ ||
                             v.wr_data_last != wr_last_held_))
      error("write data changed or withdrawn before it was taken");
    wr_data_stalled_ = v.wr_data_valid && !wr_data_ready;
    wr_data_held_ = v.wr_data;
    wr_strb_held_ = v.wr_strb;
    wr_last_held_ = v.wr_data_last;
    if (v.rd_req_valid && rd_req_ready) reads_.push_back({v.rd_req_addr, v.rd_req_len + 1, 0, now_ + latency(c_.read_latency)});
    if (v.wr_req_valid && wr_req_ready) writes_.push_back({v.wr_req_addr, v.wr_req_len + 1, 0, 0});
    if (rd_data_valid && v.rd_data_ready) {
      read_bytes += c_.data_bytes;
      rd_data_valid = false;
      if (++reads_.front().sent == reads_.front().beats) reads_.pop_front();
    }
    if (v.wr_data_valid && wr_data_ready) take_write_beat(v);
    if (wr_resp_valid && v.wr_resp_ready) {
      const Burst& b = responses_.front();
      for (size_t i = 0; i < b.data.size(); ++i)
        if (b.strb[i]) mem[b.addr + i] = b.data[i];
      responses_.pop_front();
    }
    ++now_;
  }

  // Bursts whose response has not been given yet.
  size_t writes_pending() const { return writes_.size() + responses_.size(); }
  bool reads_pending() const { return !reads_.empty(); }
  long long cycle() const { return now_; }

  std::vector<uint8_t> mem;
  long long read_bytes = 0, write_bytes = 0;
  std::vector<std::string> errors;

 private:
  struct Burst {
    uint64_t addr;
    int beats, sent;
    long long ready_at;
    std::vector<uint8_t> data = {};
    std::vector<bool> strb = {};
  };
  struct Held {
    bool stalled = false;
    uint64_t addr = 0;
    int len = 0;
  };

  bool coin() { return !c_.random || std::bernoulli_distribution(c_.ready_rate)(rng_); }
  int latency(int base) { return c_.random ? std::uniform_int_distribution<int>(base, 4 * base)(rng_) : base; }
  void error(const std::string& what) {
    if (errors.size() < 10) errors.push_back(fmt::format("cycle {}: {}", now_, what));
  }

  void check_request(const char* kind, bool valid, bool ready, uint64_t addr, int len, Held& held) {
    if (held.stalled && (!valid || addr != held.addr || len != held.len))
      error(fmt::format("{} request changed or withdrawn before it was taken", kind));
    held = {valid && !ready, addr, len};
    if (!valid) return;
    const uint64_t bytes = static_cast<uint64_t>(len + 1) * c_.data_bytes;
    if (len + 1 > c_.max_burst) error(fmt::format("{} burst of {} beats (max {})", kind, len + 1, c_.max_burst));
    if (addr % c_.data_bytes != 0) error(fmt::format("{} burst at {:#x} is not aligned to a beat", kind, addr));
    if (addr % 4096 + bytes > 4096) error(fmt::format("{} burst at {:#x} of {} bytes crosses 4 KiB", kind, addr, bytes));
    if (addr + bytes > mem.size()) error(fmt::format("{} burst at {:#x} of {} bytes leaves the memory", kind, addr, bytes));
  }

  void take_write_beat(const DramPortView& v) {
    const bool all = v.wr_strb.empty();
    write_bytes += all ? c_.data_bytes : std::count(v.wr_strb.begin(), v.wr_strb.end(), true);
    if (writes_.empty()) return error("write data without an accepted request");
    Burst& b = writes_.front();
    b.data.insert(b.data.end(), v.wr_data.begin(), v.wr_data.end());
    if (all) b.strb.insert(b.strb.end(), c_.data_bytes, true);
    else b.strb.insert(b.strb.end(), v.wr_strb.begin(), v.wr_strb.end());
    const bool last = ++b.sent == b.beats;
    if (v.wr_data_last != last) error(fmt::format("wlast {} on beat {} of a {}-beat burst", v.wr_data_last, b.sent, b.beats));
    if (!last) return;
    b.ready_at = now_ + latency(c_.write_latency);
    responses_.push_back(b);
    writes_.pop_front();
  }

  DramPortConfig c_;
  std::mt19937_64 rng_;
  long long now_ = 0;
  std::deque<Burst> reads_, writes_, responses_;
  Held rd_held_, wr_held_;
  bool wr_data_stalled_ = false, wr_last_held_ = false, read_turn_ = true;
  std::vector<uint8_t> wr_data_held_;
  std::vector<bool> wr_strb_held_;
};

// The glue between a DramPort and a Verilator model whose DRAM ports have the DMA
// channels' names (rd_req_*, rd_data_*, wr_req_*, wr_data_*, wr_resp_*): the port's
// inputs into the model before eval, the model's outputs into the view after it. Read
// and write halves apart, for models with one channel. Data buses of any width: up to 8
// bytes Verilator has an integer, above that a VlWide of 32-bit words (byte 0 lowest).
inline uint64_t beat_word(const std::vector<uint8_t>& bytes) {
  uint64_t w = 0;
  for (size_t i = 0; i < bytes.size(); ++i) w |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return w;
}

template <class Port>
void set_beat(Port& port, const std::vector<uint8_t>& bytes) {
  if constexpr (std::is_integral_v<Port>) {
    port = static_cast<Port>(beat_word(bytes));
  } else {
    for (size_t i = 0; i < bytes.size(); i += 4) {
      uint32_t word = 0;
      for (size_t b = 0; b < 4 && i + b < bytes.size(); ++b) word |= static_cast<uint32_t>(bytes[i + b]) << (8 * b);
      port[i / 4] = word;
    }
  }
}

template <class Port>
std::vector<uint8_t> beat_bytes(const Port& port, int bytes) {
  std::vector<uint8_t> out;
  for (int i = 0; i < bytes; ++i) {
    if constexpr (std::is_integral_v<Port>) out.push_back(static_cast<uint8_t>(static_cast<uint64_t>(port) >> (8 * i)));
    else out.push_back(static_cast<uint8_t>(port[i / 4] >> (8 * (i % 4))));
  }
  return out;
}

template <class M>
void drive_read_inputs(const DramPort& d, M& m) {
  m.rd_req_ready_i = d.rd_req_ready;
  m.rd_data_valid_i = d.rd_data_valid;
  set_beat(m.rd_data_i, d.rd_data);
  m.rd_data_last_i = d.rd_data_last;
}

template <class M>
void drive_write_inputs(const DramPort& d, M& m) {
  m.wr_req_ready_i = d.wr_req_ready;
  m.wr_data_ready_i = d.wr_data_ready;
  m.wr_resp_valid_i = d.wr_resp_valid;
}

template <class M>
void view_read_outputs(const M& m, DramPortView& v) {
  v.rd_req_valid = m.rd_req_valid_o;
  v.rd_req_addr = m.rd_req_addr_o;
  v.rd_req_len = m.rd_req_len_o;
  v.rd_data_ready = m.rd_data_ready_o;
}

// Whether model M has a write strobe (a top whose writers write part of a beat).
template <class M, class = void>
struct HasWriteStrobe : std::false_type {};
template <class M>
struct HasWriteStrobe<M, std::void_t<decltype(std::declval<M&>().wr_data_strb_o)>> : std::true_type {};

template <class M>
void view_write_outputs(const M& m, int data_bytes, DramPortView& v) {
  if constexpr (HasWriteStrobe<M>::value) {
    const std::vector<uint8_t> bits = beat_bytes(m.wr_data_strb_o, (data_bytes + 7) / 8);
    v.wr_strb.assign(data_bytes, false);
    for (int i = 0; i < data_bytes; ++i) v.wr_strb[i] = (bits[i / 8] >> (i % 8)) & 1;
  }
  v.wr_req_valid = m.wr_req_valid_o;
  v.wr_req_addr = m.wr_req_addr_o;
  v.wr_req_len = m.wr_req_len_o;
  v.wr_data_valid = m.wr_data_valid_o;
  v.wr_data = beat_bytes(m.wr_data_o, data_bytes);
  v.wr_data_last = m.wr_data_last_o;
  v.wr_resp_ready = m.wr_resp_ready_o;
}

}  // namespace bitloom::tb
