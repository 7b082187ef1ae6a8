// One AXI4-Stream source and sink for Verilator harnesses. The source offers beats
// with random bubbles and keeps an offered beat on the bus, unchanged, until it is
// taken; the sink takes beats with random back-pressure and checks the same hold rule on
// the design's side. What to expect is up to the test (from the inputs and the
// contract), never from the design's handshakes.
//
// Per cycle: drive() both, eval with the clock low, sample() both (the handshakes of
// the coming edge), then the rising edge.
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace bitloom::tb {

struct AxisBeat {
  std::vector<uint64_t> lanes;
  bool last = false;
  uint64_t keep = 0, user = 0;
  bool operator==(const AxisBeat& o) const {
    return lanes == o.lanes && last == o.last && keep == o.keep && user == o.user;
  }
  bool operator!=(const AxisBeat& o) const { return !(*this == o); }
  std::string str() const {
    return fmt::format("{{lanes {}, last {}, keep {:#x}, user {:#x}}}", fmt::join(lanes, " "), last, keep, user);
  }
};

// The AXI4-Stream rule on the receiving side: a beat offered and not taken must still be
// offered, unchanged, in the next cycle. Every harness checks its outputs with it.
class HoldRule {
 public:
  // False when the beat seen stalled on the previous call was dropped or changed.
  bool observe(bool valid, bool ready, const AxisBeat& beat) {
    const bool ok = !stalled_ || (valid && beat == held_);
    stalled_ = valid && !ready;
    held_ = beat;
    return ok;
  }
  void reset() { stalled_ = false; }
  // The beat seen on the previous call.
  const AxisBeat& held() const { return held_; }

 private:
  bool stalled_ = false;
  AxisBeat held_;
};

// How a harness reaches one bundle: the design's side is read, the test's side written.
struct AxisPort {
  std::function<void(bool)> set_valid;   // source only
  std::function<void(const AxisBeat&)> put;
  std::function<bool()> ready;
  std::function<void(bool)> set_ready;   // sink only
  std::function<bool()> valid;
  std::function<AxisBeat()> get;
};

class AxisSource {
 public:
  AxisSource(AxisPort port, double valid_rate, uint64_t seed) : port_(std::move(port)), rate_(valid_rate), rng_(seed) {}
  void push(const AxisBeat& b) { queue_.push_back(b); }
  bool idle() const { return queue_.empty(); }
  size_t waiting() const { return queue_.size(); }
  void set_rate(double valid_rate) { rate_ = valid_rate; }
  // Drops every queued beat (a reset).
  void clear() {
    queue_.clear();
    offering_ = fire_ = false;
  }

  void drive() {
    if (!offering_ && !queue_.empty()) offering_ = std::bernoulli_distribution(rate_)(rng_);
    present();
  }
  // Puts this cycle's decision on the bus again (after a test disturbed it).
  void present() {
    port_.set_valid(offering_);
    if (offering_) port_.put(queue_.front());
  }
  // After eval with the clock low: is the offered beat taken at the coming edge?
  bool sample() {
    fire_ = offering_ && port_.ready();
    return fire_;
  }
  // After the edge.
  void advance() {
    if (!fire_) return;
    queue_.pop_front();
    offering_ = false;
    ++sent_;
  }
  long long sent() const { return sent_; }

 private:
  AxisPort port_;
  double rate_;
  std::mt19937_64 rng_;
  std::deque<AxisBeat> queue_;
  bool offering_ = false, fire_ = false;
  long long sent_ = 0;
};

class AxisSink {
 public:
  AxisSink(AxisPort port, double ready_rate, uint64_t seed) : port_(std::move(port)), rate_(ready_rate), rng_(seed) {}

  void set_rate(double ready_rate) { rate_ = ready_rate; }
  // Forgets the beat it saw stalled (a reset).
  void reset() { hold_.reset(); }

  void drive() {
    ready_ = std::bernoulli_distribution(rate_)(rng_);
    present();
  }
  void present() { port_.set_ready(ready_); }
  // After eval with the clock low: records the beat taken at the coming edge and checks
  // that a beat offered and not taken last cycle is still offered, unchanged.
  bool sample(long long cycle) {
    const bool valid = port_.valid();
    const AxisBeat beat = valid ? port_.get() : AxisBeat{};
    const AxisBeat before = hold_.held();
    if (!hold_.observe(valid, ready_, beat))
      errors.push_back(valid ? fmt::format("cycle {}: offered beat changed from {} to {}", cycle, before.str(), beat.str())
                             : fmt::format("cycle {}: tvalid dropped before the beat was taken", cycle));
    const bool fire = valid && ready_;
    if (fire) received.push_back(beat);
    return fire;
  }

  std::vector<AxisBeat> received;
  std::vector<std::string> errors;

 private:
  AxisPort port_;
  double rate_;
  std::mt19937_64 rng_;
  bool ready_ = false;
  HoldRule hold_;
};

}  // namespace bitloom::tb
