#include "generator/workload/workload.hpp"

#include <fmt/format.h>

#include <regex>

#include "generator/workload/workload_reader.hpp"

namespace bitloom::workload {

namespace {

// Each enum's names in the order of its values.
constexpr std::string_view kOpNames[] = {"gemm", "softmax", "gelu", "add"};
constexpr std::string_view kModeNames[] = {"sequential", "dataflow", "intar"};
constexpr std::string_view kUnitKindNames[] = {"core", "softmax", "gelu", "add"};
constexpr std::string_view kUnitPrefixes[] = {"cc", "sm", "ge", "ad"};

template <class Enum, size_t N>
std::string_view lookup(const std::string_view (&names)[N], Enum value) {
  const auto i = static_cast<size_t>(value);
  return i < N ? names[i] : "?";
}

}  // namespace

std::string_view name(Op op) { return lookup(kOpNames, op); }
std::string_view name(Mode m) { return lookup(kModeNames, m); }
std::string_view name(UnitKind k) { return lookup(kUnitKindNames, k); }
std::string_view unit_prefix(UnitKind k) { return lookup(kUnitPrefixes, k); }

UnitKind unit_kind_of(Op op) {
  switch (op) {
    case Op::kGemm: return UnitKind::kCore;
    case Op::kSoftmax: return UnitKind::kSoftmax;
    case Op::kGelu: return UnitKind::kGelu;
    case Op::kAdd: return UnitKind::kAdd;
  }
  return UnitKind::kCore;
}

int Workload::tensor_index(const std::string& n) const {
  for (size_t i = 0; i < tensors.size(); ++i)
    if (tensors[i].name == n) return static_cast<int>(i);
  return -1;
}

int Workload::task_index(const std::string& n) const {
  for (size_t i = 0; i < tasks.size(); ++i)
    if (tasks[i].name == n) return static_cast<int>(i);
  return -1;
}

long long Workload::reduction(int task) const {
  const Task& t = tasks[task];
  return t.op == Op::kGemm ? tensors[t.inputs[0]].cols : 0;
}

long long Workload::macs(int task) const {
  const Task& t = tasks[task];
  return t.op == Op::kGemm ? tensors[t.out].rows * tensors[t.out].cols * reduction(task) : 0;
}

namespace {

PinnedBinding read_binding(const Workload& w, const YamlReader& root, const YAML::Node& n, const std::string& path) {
  static const std::regex form("([A-Za-z_][A-Za-z0-9_]*)@([a-z]{2}[0-9]+(\\+[a-z]{2}[0-9]+)*)");
  std::smatch m;
  const std::string text = n.IsScalar() ? n.Scalar() : "";
  if (!n.IsScalar() || !std::regex_match(text, m, form))
    fail_at_node(root.file(), n, path, fmt::format("expected task@unit[+unit...], got {}", describe_value(n)));
  PinnedBinding b;
  b.task = w.task_index(m[1]);
  if (b.task < 0) fail_at_node(root.file(), n, path, fmt::format("no task named '{}'", std::string(m[1])));
  const UnitKind kind = unit_kind_of(w.tasks[b.task].op);
  static const std::regex unit("([a-z]{2})([0-9]+)");
  const std::string units = m[2];
  for (auto it = std::sregex_iterator(units.begin(), units.end(), unit); it != std::sregex_iterator(); ++it) {
    const std::string prefix = (*it)[1];
    const int index = std::stoi((*it)[2]);
    if (prefix != unit_prefix(kind) || index >= w.resources.units(kind))
      fail_at_node(root.file(), n, path,
                   fmt::format("task '{}' ({}) runs on {}0..{}{}, not {}{}", w.tasks[b.task].name, name(w.tasks[b.task].op),
                               unit_prefix(kind), unit_prefix(kind), w.resources.units(kind) - 1, prefix, index));
    b.units.push_back(index);
  }
  if (kind != UnitKind::kCore && b.units.size() != 1)
    fail_at_node(root.file(), n, path, fmt::format("task '{}' runs on exactly one {} unit", w.tasks[b.task].name, name(kind)));
  return b;
}

void check_phase_order(const Workload& w, const YamlReader& root, const YAML::Node& list,
                       const std::vector<std::vector<PinnedBinding>>& phases) {
  std::vector<int> phase_of(w.tasks.size(), -1);
  for (size_t p = 0; p < phases.size(); ++p)
    for (const auto& b : phases[p]) {
      if (phase_of[b.task] >= 0)
        fail_at_node(root.file(), list, "schedule", fmt::format("task '{}' is scheduled twice", w.tasks[b.task].name));
      phase_of[b.task] = static_cast<int>(p);
    }
  for (size_t t = 0; t < w.tasks.size(); ++t) {
    if (phase_of[t] < 0) fail_at_node(root.file(), list, "schedule", fmt::format("task '{}' is not scheduled", w.tasks[t].name));
    for (int in : w.tasks[t].inputs) {
      const int prod = w.tensors[in].producer;
      if (prod >= 0 && phase_of[prod] > phase_of[t])
        fail_at_node(root.file(), list, "schedule",
                     fmt::format("task '{}' (phase {}) reads '{}', which task '{}' makes later (phase {})", w.tasks[t].name,
                                 phase_of[t], w.tensors[in].name, w.tasks[prod].name, phase_of[prod]));
    }
  }
}

}  // namespace

void read_schedule(YamlReader& root, Workload& w) {
  auto phases = root.list("schedule", 256);
  if (!phases) return;
  const YAML::Node list = root.node()["schedule"];
  std::vector<std::vector<PinnedBinding>> out;
  for (size_t p = 0; p < phases->size(); ++p) {
    const YAML::Node& phase = (*phases)[p];
    const std::string path = fmt::format("schedule[{}]", p);
    if (!phase.IsSequence() || phase.size() == 0)
      fail_at_node(root.file(), phase, path, fmt::format("expected a list of task@unit, got {}", describe_value(phase)));
    std::vector<PinnedBinding> bindings;
    for (size_t i = 0; i < phase.size(); ++i) {
      PinnedBinding b = read_binding(w, root, phase[i], fmt::format("{}[{}]", path, i));
      const UnitKind kind = unit_kind_of(w.tasks[b.task].op);
      for (const auto& other : bindings)
        for (int u : other.units)
          if (unit_kind_of(w.tasks[other.task].op) == kind && std::count(b.units.begin(), b.units.end(), u))
            fail_at_node(root.file(), phase[i], path,
                         fmt::format("unit {}{} is given two tasks in one phase", unit_prefix(kind), u));
      bindings.push_back(b);
    }
    out.push_back(bindings);
  }
  check_phase_order(w, root, list, out);
  w.schedule = out;
  w.schedule_line = list.Mark().line + 1;
  w.schedule_col = list.Mark().column + 1;
}

}  // namespace bitloom::workload
