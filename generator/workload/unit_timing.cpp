#include "generator/workload/unit_timing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <functional>
#include <mutex>
#include <tuple>

#include "generator/design.hpp"
#include "generator/nonlinear/gelu_unit.hpp"
#include "generator/nonlinear/softmax_unit.hpp"
#include "generator/os_array.hpp"

namespace bitloom::workload {

namespace {

// An operand wide enough for every format bound to it (unsigned formats take a sign bit).
Operand operand_for(const Workload& w, size_t input) {
  Operand op{2, true};
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    if (w.tasks[t].op != Op::kGemm) continue;
    const Format& f = w.format_of(w.tasks[t].inputs[input]);
    op.width = std::max(op.width, f.width + (f.is_signed ? 0 : 1));
  }
  return op;
}

template <class Key>
int cached(std::map<Key, int>& cache, const Key& key, const std::function<int()>& make) {
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  return cache[key] = make();
}

}  // namespace

GemmConfig core_config(const Workload& w, int cols) {
  GemmConfig g;
  g.arch = Arch::kSystolicOs;
  g.pe = w.resources.pe;
  g.rows = w.lanes;
  g.cols = cols;
  g.a = operand_for(w, 0);
  g.b = operand_for(w, 1);
  g.k_max = 1;
  for (size_t t = 0; t < w.tasks.size(); ++t) g.k_max = std::max(g.k_max, w.reduction(static_cast<int>(t)));
  g.c_width = no_overflow_width(g.a, g.b, g.k_max);
  g.name = cols == w.lanes ? fmt::format("{}_core{}", w.name, cols) : fmt::format("{}_core{}x{}", w.name, w.lanes, cols);
  return g;
}

CoreTiming core_timing(const Workload& w, int cols) {
  static std::map<std::tuple<int, int, int, int, int, long long>, int> cache;
  const GemmConfig g = core_config(w, cols);
  CoreTiming t;
  t.rows = g.rows;
  t.cols = g.cols;
  t.latency = cached(cache, std::make_tuple(g.rows, g.cols, static_cast<int>(g.pe), g.a.width, g.b.width, g.k_max),
                     [&] { return build_os_array(g).latency_cycles; });
  return t;
}

namespace {

NonlinearConfig own_config(const Workload& w, int task) {
  const Task& t = w.tasks[task];
  const Format& x = w.format_of(t.inputs[0]);
  const Format& y = w.format_of(t.out);
  NonlinearConfig c;
  c.name = fmt::format("{}_{}", w.name, t.name);
  c.method = t.method;
  c.lanes = w.lanes;
  c.x = FixedFormat{x.width, x.frac};
  c.y = FixedFormat{y.width, y.frac};
  c.max_len = static_cast<int>((w.tensors[t.inputs[0]].cols + w.lanes - 1) / w.lanes * w.lanes);
  c.max_error_lsb = t.method == Method::kPolyQuadratic ? 0.25 : 0.32;
  return c;
}

}  // namespace

bool one_sfu_serves(const Workload& w, int a, int b) {
  if (w.tasks[a].op != w.tasks[b].op) return false;
  const NonlinearConfig x = own_config(w, a), y = own_config(w, b);
  return x.method == y.method && x.x.width == y.x.width && x.x.frac == y.x.frac && x.y.width == y.y.width &&
         x.y.frac == y.y.frac;
}

NonlinearConfig sfu_config(const Workload& w, int task) {
  NonlinearConfig c = own_config(w, task);
  for (size_t o = 0; o < w.tasks.size(); ++o)
    if (one_sfu_serves(w, task, static_cast<int>(o)))
      c.max_len = std::max(c.max_len, own_config(w, static_cast<int>(o)).max_len);
  return c;
}

int sfu_latency(const Workload& w, int task) {
  const Task& t = w.tasks[task];
  if (t.op == Op::kAdd) return 2;  // operand registers, then the saturating sum's register
  static std::map<std::tuple<int, int, int, int, int, int, int>, int> cache;
  const NonlinearConfig c = sfu_config(w, task);
  const auto key = std::make_tuple(static_cast<int>(t.op), static_cast<int>(c.method), c.lanes, c.x.width, c.x.frac,
                                   c.y.width * 100 + c.y.frac, c.max_len);
  return cached(cache, key, [&] {
    return t.op == Op::kGelu ? build_gelu_design(c).latency_cycles : build_softmax_design(c).latency_cycles;
  });
}

}  // namespace bitloom::workload
