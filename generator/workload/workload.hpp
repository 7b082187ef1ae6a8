// A multi-task workload (kind: workload): tensors, the tasks that connect them by name,
// and the resources a schedule may use. Built and validated by load_workload(); the
// scheduler, both performance models and the golden model read this, never the YAML.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "generator/kinds.hpp"

namespace bitloom::workload {

enum class Op { kGemm, kSoftmax, kGelu, kAdd };
enum class Io { kInput, kOutput, kIntermediate };
enum class Mode { kSequential, kDataflow, kIntar };
// The unit kinds a task can run on. A GEMM runs on one or more compute cores; every
// other op on one special-function unit (SFU) of its own kind.
enum class UnitKind { kCore, kSoftmax, kGelu, kAdd };

std::string_view name(Op op);
std::string_view name(Mode m);
std::string_view name(UnitKind k);
std::string_view unit_prefix(UnitKind k);  // cc, sm, ge, ad
UnitKind unit_kind_of(Op op);

struct Format {
  std::string name;
  int width = 8;
  int frac = 0;
  bool is_signed = true;
  int bytes() const { return (width + 7) / 8; }
  long long min_code() const { return is_signed ? -(1LL << (width - 1)) : 0; }
  long long max_code() const { return is_signed ? (1LL << (width - 1)) - 1 : (1LL << width) - 1; }
};

struct Tensor {
  std::string name;
  long long rows = 0, cols = 0;
  int format = 0;              // index into Workload::formats
  Io io = Io::kIntermediate;
  int producer = -1;           // task index; -1 for inputs
  std::vector<int> consumers;  // task indices, ascending, one entry per task
};

struct Task {
  std::string name;
  Op op = Op::kGemm;
  // gemm: {a, b}; softmax, gelu: {x}; add: {x, y}. Tensor indices.
  std::vector<int> inputs;
  int out = -1;
  int shift = 0;          // gemm: out = sat((acc + 2^(shift-1)) >> shift)
  bool relu = false;      // gemm: after saturation
  bool b_transposed = false;  // gemm: b is given N x K and read by its rows
  Method method = Method::kOnlineBase2;  // softmax, gelu
};

struct DramTimingSpec {
  int bytes_per_cycle = 4;
  int read_latency = 40;
  int write_latency = 20;
  int addr_bits = 32;
};

struct Resources {
  int cores = 1;
  PeKind pe = PeKind::kMac;
  int sfus[4] = {0, 0, 0, 0};  // by UnitKind; [kCore] unused
  long long buffer_bytes = 0;
  DramTimingSpec dram;
  int reconfig_cycles = 0;
  int units(UnitKind k) const { return k == UnitKind::kCore ? cores : sfus[static_cast<int>(k)]; }
};

// One task of an explicit `schedule:` phase: task@unit+unit.
struct PinnedBinding {
  int task = -1;
  std::vector<int> units;  // unit indices within the task's unit kind
};

struct Workload {
  std::string file, file_name, sha256;  // as Spec holds them
  std::string name;
  int lanes = 8;               // L: core rows = cols, SFU lanes, buffer banks
  Mode mode = Mode::kIntar;
  std::vector<Format> formats;
  std::vector<Tensor> tensors;
  std::vector<Task> tasks;     // in a topological order (spec order where it is one)
  Resources resources;
  std::optional<std::vector<std::vector<PinnedBinding>>> schedule;  // overrides the mode
  int schedule_line = 0, schedule_col = 0;  // where `schedule:` is, for the planner's errors

  const Format& format_of(int tensor) const { return formats[tensors[tensor].format]; }
  int tensor_index(const std::string& n) const;
  int task_index(const std::string& n) const;
  long long macs(int task) const;      // gemm: M*N*K; others 0
  long long reduction(int task) const; // gemm: K
};

// Bounds every workload spec is held to (docs/limits.md).
inline constexpr long long kMaxK = 16383;  // the controller instruction's 14-bit K field
inline constexpr int kMaxWidth = 16;
inline constexpr int kMaxTasks = 64;
inline constexpr long long kMaxDim = 1 << 20;

// Whether a spec's text declares `kind: workload` (without validating anything else).
bool is_workload_text(const std::string& text);

// Reads and validates a workload spec. Throws SpecError (file:line:col: key: reason).
Workload load_workload(const std::string& file);
Workload load_workload_text(const std::string& text, const std::string& file);

}  // namespace bitloom::workload
