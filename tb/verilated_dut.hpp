// Pieces every Verilator harness needs: the model with its context and optional FST
// trace, one clock cycle and random operands in a spec's range. (The AXI4-Stream hold
// rule is tb/axis_stream.hpp's HoldRule.)
#pragma once
#include <verilated.h>
#if VM_TRACE
#include <verilated_fst_c.h>
#endif

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace bitloom::tb {

template <class Model>
class VerilatedDut {
 public:
  // Empty trace_path: no waveform (nor in a model built without tracing, which is how
  // bitloom builds harnesses until a test fails). Registers without a reset start
  // random (randReset 2), so a design that relies on values it never set fails.
  VerilatedDut(uint64_t seed, const std::string& trace_path) : ctx_(std::make_unique<VerilatedContext>()) {
    ctx_->randReset(2);
    ctx_->randSeed(static_cast<int>(seed & 0x7fffffff));
#if VM_TRACE
    if (!trace_path.empty()) ctx_->traceEverOn(true);
#endif
    model_ = std::make_unique<Model>(ctx_.get());
#if VM_TRACE
    if (!trace_path.empty()) {
      trace_ = std::make_unique<VerilatedFstC>();
      model_->trace(trace_.get(), 99);
      trace_->open(trace_path.c_str());
    }
#else
    (void)trace_path;
#endif
    // Settle with the clock low first: the model's first evaluation takes the clock's
    // value as its starting point, so a first tick from high would lose its rising edge
    // (and a two-cycle reset would hold for one).
    model_->clk = 0;
    model_->eval();
  }
  ~VerilatedDut() {
    model_->final();
#if VM_TRACE
    if (trace_) trace_->close();
#endif
  }
  Model* operator->() { return model_.get(); }

  // A rising and a falling edge, each evaluated and traced.
  void tick() {
    for (int level : {1, 0}) {
      model_->clk = level;
      model_->eval();
      ctx_->timeInc(1);
#if VM_TRACE
      if (trace_) trace_->dump(ctx_->time());
#endif
    }
  }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Model> model_;
#if VM_TRACE
  std::unique_ptr<VerilatedFstC> trace_;
#endif
};

// A random operand of `width` bits; fill = +1 gives the maximum, -1 the minimum.
inline int64_t random_operand(std::mt19937_64& rng, int width, bool is_signed, int fill) {
  const int64_t lo = is_signed ? -(int64_t{1} << (width - 1)) : 0;
  const int64_t hi = is_signed ? (int64_t{1} << (width - 1)) - 1 : (int64_t{1} << width) - 1;
  if (fill > 0) return hi;
  if (fill < 0) return lo;
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

}  // namespace bitloom::tb
