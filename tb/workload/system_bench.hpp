// A generated workload top (generator/workload_rtl/system.hpp) between a test and the
// DRAM model (tb/dram_port.hpp), for any Verilator model M of such a top: the test gives
// the DRAM's configuration and first contents; run() pulses start and clocks until done,
// the watchdog (kQuiet cycles in which neither DRAM nor a buffer bank moves) or a cycle
// limit; check() compares DRAM with what it must hold and the byte counters with what
// must have moved. Header-only and free of bitloom's libraries, so that the harness
// `bitloom sim` builds at run time uses it as the system test does.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tb/dram_port.hpp"
#include "verilated.h"

namespace bitloom::tb {

inline constexpr long long kQuiet = 10000;
inline constexpr long long kCycleLimit = 50000000;

template <class M>
class SystemBench {
 public:
  SystemBench(const DramPortConfig& c, uint64_t base, std::vector<uint8_t> image) : c_(c) {
    dram_ = std::make_unique<DramPort>(c_);
    dram_->mem = std::move(image);
    m_->dram_base_i = base;
    m_->start_i = 0;
    reset();
  }

  // rst_ni low for two cycles. The DRAM model starts afresh over the same memory: the
  // bursts in flight are dropped with the design's state.
  void reset() {
    m_->rst_ni = 0;
    for (int i = 0; i < 4; ++i) {
      m_->clk_i = i % 2;
      m_->eval();
    }
    m_->rst_ni = 1;
    std::vector<uint8_t> mem = dram_->mem;
    ++c_.seed;
    dram_ = std::make_unique<DramPort>(c_);
    dram_->mem = std::move(mem);
  }

  // Pulses start and runs until done, the watchdog or `stop_after` cycles. False when not done.
  bool run(long long stop_after = kCycleLimit) {
    quiet_ = 0;
    cycle_ = 0;
    phase_end_.clear();
    for (; cycle_ < stop_after && quiet_ < kQuiet && !(cycle_ > 2 && m_->done_o); ++cycle_) {
      const int phase = m_->dbg_phase_o;
      step(cycle_ == 2);
      if (cycle_ > 2 && (m_->dbg_phase_o != phase || m_->done_o)) phase_end_.push_back(cycle_);
    }
    return m_->done_o && cycle_ > 2;
  }

  // Everything that must hold after a complete run: DRAM = `want`, the byte counters
  // (since reset) = the DRAM model's = `read` and `written`, the port rules. `where`
  // names an address in the messages.
  std::vector<std::string> check(const std::vector<uint8_t>& want, long long read, long long written,
                                 const std::function<std::string(uint64_t)>& where) const {
    std::vector<std::string> errors;
    if (!m_->done_o)
      errors.push_back(fmt::format("not done after {} cycles ({} cycles without a move; phase {}){}", cycle_, quiet_,
                                   static_cast<int>(m_->dbg_phase_o), fifo_dump()));
    if (read_counter() != read || dram_->read_bytes != read)
      errors.push_back(fmt::format("bytes read: counter {}, DRAM {}, schedule {}", read_counter(), dram_->read_bytes, read));
    if (written_counter() != written || dram_->write_bytes != written)
      errors.push_back(fmt::format("bytes written: counter {}, DRAM {}, schedule {}", written_counter(),
                                   dram_->write_bytes, written));
    long long wrong = 0;
    for (size_t a = 0; a < want.size() && a < dram_->mem.size(); ++a)
      if (dram_->mem[a] != want[a] && ++wrong <= 8)
        errors.push_back(fmt::format("DRAM {:#x} ({}): {:#04x}, expected {:#04x}", a, where(a), dram_->mem[a], want[a]));
    if (wrong > 8) errors.push_back(fmt::format("... {} wrong bytes in all", wrong));
    errors.insert(errors.end(), dram_->errors.begin(), dram_->errors.end());
    return errors;
  }

  // The block FIFOs in the top's dbg_fifos_o order (the manifest's "fifos"), for the dump.
  void name_fifos(std::vector<std::string> names) { fifo_names_ = std::move(names); }
  // Per block FIFO (at most 8): blocks filled and not yet taken, slots claimed and not yet
  // freed, as dbg_fifos_o shows them.
  std::string fifo_dump() const {
    std::string s;
    const uint64_t v = m_->dbg_fifos_o;
    for (size_t i = 0; i < fifo_names_.size() && i < 8; ++i)
      s += fmt::format("\n    FIFO {} ({}): {} blocks filled, {} slots claimed", i, fifo_names_[i], (v >> (8 * i)) & 15,
                       (v >> (8 * i + 4)) & 15);
    return s;
  }

  long long cycles() const { return static_cast<long long>(m_->perf_cycles_o); }
  long long read_counter() const { return static_cast<long long>(m_->perf_rd_bytes_o); }
  long long written_counter() const { return static_cast<long long>(m_->perf_wr_bytes_o); }
  // Cycles of each phase of the last run: from start (or the phase before it ending) to
  // the controller's phase count moving on (or done).
  std::vector<long long> phase_cycles() const {
    std::vector<long long> out;
    for (size_t i = 0; i < phase_end_.size(); ++i) out.push_back(phase_end_[i] - (i ? phase_end_[i - 1] : 2));
    return out;
  }

 private:
  void step(bool start) {
    DramPort& d = *dram_;
    d.drive();
    m_->start_i = start;
    drive_read_inputs(d, *m_);
    drive_write_inputs(d, *m_);
    m_->clk_i = 0;
    m_->eval();
    DramPortView view;
    view_read_outputs(*m_, view);
    view_write_outputs(*m_, c_.data_bytes, view);
    const bool moves = m_->dbg_moves_o || (view.rd_data_ready && d.rd_data_valid) ||
                       (view.wr_data_valid && d.wr_data_ready) || d.wr_resp_valid || d.reads_pending();
    quiet_ = moves ? 0 : quiet_ + 1;
    d.edge(view);
    m_->clk_i = 1;
    m_->eval();
  }

  DramPortConfig c_;
  std::unique_ptr<DramPort> dram_;
  std::vector<std::string> fifo_names_;
  std::unique_ptr<VerilatedContext> ctx_ = std::make_unique<VerilatedContext>();
  std::unique_ptr<M> m_ = std::make_unique<M>(ctx_.get());
  long long quiet_ = 0, cycle_ = 0;
  std::vector<long long> phase_end_;
};

}  // namespace bitloom::tb
