#include "tb/workload/golden_workload.hpp"

#include <cmath>

#include "generator/nonlinear/fixed_point.hpp"
#include "generator/nonlinear/gelu_unit.hpp"
#include "generator/nonlinear/softmax_unit.hpp"
#include "generator/workload/unit_timing.hpp"

namespace bitloom::workload {

namespace {

bool feeds_gemm_b(const Workload& w, int tensor) {
  for (int c : w.tensors[tensor].consumers)
    if (w.tasks[c].op == Op::kGemm && w.tasks[c].inputs[1] == tensor) return true;
  return false;
}

Values gemm(const Workload& w, const Task& t, const TensorValues& in) {
  const Values& a = in[t.inputs[0]];
  const Values& b = in[t.inputs[1]];
  const Format& f = w.format_of(t.out);
  const long long N = t.b_transposed ? b.rows : b.cols;
  Values out(a.rows, N);
  for (long long i = 0; i < a.rows; ++i)
    for (long long j = 0; j < N; ++j) {
      int64_t acc = 0;
      for (long long k = 0; k < a.cols; ++k) acc += a.at(i, k) * (t.b_transposed ? b.at(j, k) : b.at(k, j));
      int64_t v = fx::saturate(fx::round_shift(acc, t.shift), f.width, f.is_signed);
      if (t.relu && v < 0) v = 0;
      out.at(i, j) = v;
    }
  return out;
}

Values add(const Workload& w, const Task& t, const TensorValues& in) {
  const Values& x = in[t.inputs[0]];
  const Values& y = in[t.inputs[1]];
  const Format& f = w.format_of(t.out);
  Values out(x.rows, x.cols);
  for (size_t i = 0; i < x.v.size(); ++i) out.v[i] = fx::saturate(x.v[i] + y.v[i], f.width, f.is_signed);
  return out;
}

Values gelu(const Workload& w, int task, const TensorValues& in) {
  const GeluModel m = build_gelu_model(sfu_config(w, task));
  const Values& x = in[w.tasks[task].inputs[0]];
  Values out(x.rows, x.cols);
  for (size_t i = 0; i < x.v.size(); ++i) out.v[i] = m.eval(x.v[i]);
  return out;
}

// Rows go in as beats of L lanes, the last beat's padded lanes masked (tkeep = 0): the
// online method rescales per beat, so the grouping is part of the result.
Values softmax(const Workload& w, int task, const TensorValues& in) {
  const SoftmaxModel m = build_softmax_model(sfu_config(w, task));
  const Values& x = in[w.tasks[task].inputs[0]];
  const long long padded = (x.cols + w.lanes - 1) / w.lanes * w.lanes;
  Values out(x.rows, x.cols);
  for (long long r = 0; r < x.rows; ++r) {
    std::vector<int64_t> codes(static_cast<size_t>(padded), 0);
    std::vector<bool> keep(static_cast<size_t>(padded), false);
    for (long long c = 0; c < x.cols; ++c) codes[c] = x.at(r, c), keep[c] = true;
    const std::vector<int64_t> y = m.eval(codes, keep);
    for (long long c = 0; c < x.cols; ++c) out.at(r, c) = y[c];
  }
  return out;
}

}  // namespace

TensorValues random_inputs(const Workload& w, uint64_t seed) {
  std::mt19937_64 rng(seed);
  TensorValues values(w.tensors.size());
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    const Tensor& tensor = w.tensors[t];
    if (tensor.io != Io::kInput) continue;
    const Format& f = w.format_of(static_cast<int>(t));
    Values v(tensor.rows, tensor.cols);
    std::uniform_int_distribution<int64_t> uniform(f.min_code(), f.max_code());
    std::normal_distribution<double> gauss(0.0, 2.0 * std::ldexp(1.0, f.frac));
    const bool weights = feeds_gemm_b(w, static_cast<int>(t));
    for (int64_t& x : v.v)
      x = weights ? uniform(rng)
                  : std::clamp<int64_t>(std::llround(gauss(rng)), f.min_code(), f.max_code());
    values[t] = std::move(v);
  }
  return values;
}

TensorValues run_golden(const Workload& w, TensorValues values) {
  values.resize(w.tensors.size());
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    const Task& task = w.tasks[t];
    switch (task.op) {
      case Op::kGemm: values[task.out] = gemm(w, task, values); break;
      case Op::kAdd: values[task.out] = add(w, task, values); break;
      case Op::kGelu: values[task.out] = gelu(w, static_cast<int>(t), values); break;
      case Op::kSoftmax: values[task.out] = softmax(w, static_cast<int>(t), values); break;
    }
  }
  return values;
}

}  // namespace bitloom::workload
