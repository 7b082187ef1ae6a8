#include "tb/workload/dram_images.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "generator/workload/plan.hpp"
#include "tb/workload/golden_workload.hpp"

namespace bitloom::workload {

namespace {

void put_tensor(const Workload& w, int t, long long at, const Values& v, std::vector<uint8_t>& mem) {
  const long long pitch = dram_pitch(w, t);
  const int eb = w.format_of(t).bytes();
  for (long long r = 0; r < v.rows; ++r)
    for (long long c = 0; c < v.cols; ++c)
      for (int i = 0; i < eb; ++i)
        mem[static_cast<size_t>(at + r * pitch + c * eb + i)] = static_cast<uint8_t>(static_cast<uint64_t>(v.at(r, c)) >> (8 * i));
}

// The guard: GEMM and add results mostly inside their format, so that a rounding or sign
// error cannot hide behind saturation (a softmax's zeros are no clamp).
std::string saturation_problem(const Workload& w, const TensorValues& golden) {
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    const int producer = w.tensors[t].producer;
    if (producer < 0 || (w.tasks[producer].op != Op::kGemm && w.tasks[producer].op != Op::kAdd)) continue;
    const Format& f = w.format_of(static_cast<int>(t));
    long long saturated = 0;
    for (int64_t v : golden[t].v) saturated += v == f.min_code() || v == f.max_code();
    if (saturated * 4 > static_cast<long long>(golden[t].v.size()))
      return fmt::format("{}: {} of {} golden results saturate", w.tensors[t].name, saturated, golden[t].v.size());
  }
  return "";
}

}  // namespace

DramImages dram_images(const Workload& w, const std::vector<long long>& offset, uint64_t base, size_t bytes,
                       uint64_t seed, uint8_t canary) {
  const TensorValues golden = run_golden(w, random_inputs(w, seed));
  DramImages im{std::vector<uint8_t>(bytes, canary), std::vector<uint8_t>(bytes, canary), saturation_problem(w, golden)};
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    if (offset[t] < 0) continue;
    const int ti = static_cast<int>(t);
    const long long at = static_cast<long long>(base) + offset[t];
    if (w.tensors[t].io == Io::kInput) put_tensor(w, ti, at, golden[t], im.input);
    else std::fill_n(im.expected.begin() + at, w.tensors[t].rows * dram_pitch(w, ti), 0);
    put_tensor(w, ti, at, golden[t], im.expected);
  }
  return im;
}

std::string tensor_at(const Workload& w, const std::vector<long long>& offset, uint64_t base, uint64_t addr) {
  for (size_t t = 0; t < w.tensors.size(); ++t) {
    const int ti = static_cast<int>(t);
    if (offset[t] < 0) continue;
    const uint64_t from = base + static_cast<uint64_t>(offset[t]);
    if (addr < from || addr >= from + static_cast<uint64_t>(dram_bytes(w, ti))) continue;
    const long long rel = static_cast<long long>(addr - from), pitch = dram_pitch(w, ti);
    return fmt::format("{}[{}][byte {}]", w.tensors[t].name, rel / pitch, rel % pitch);
  }
  return "outside every tensor";
}

}  // namespace bitloom::workload
