// kind: workload, tasks: each task's keys, the graph their tensor names imply, the shape
// and format checks along its edges, and a topological order.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "generator/workload/workload_reader.hpp"

namespace bitloom::workload {

namespace {


Op read_op(YamlReader& m) {
  auto op = m.choice("op", {"gemm", "softmax", "gelu", "add"});
  if (!op) m.missing("op");
  return *op == "gemm" ? Op::kGemm : *op == "softmax" ? Op::kSoftmax : *op == "gelu" ? Op::kGelu : Op::kAdd;
}

ParsedTask read_task(const Workload& w, YamlReader m) {
  ParsedTask p{Task{}, m, {}, {}, {}, {}};
  Task& t = p.task;
  auto n = m.string("name");
  if (!n) m.missing("name");
  check_name(m, "name", "task");
  t.name = *n;
  t.op = read_op(m);
  p.input_keys = t.op == Op::kGemm ? std::vector<std::string>{"a", "b"}
                 : t.op == Op::kAdd ? std::vector<std::string>{"x", "y"}
                                    : std::vector<std::string>{"x"};
  for (const auto& key : p.input_keys) {
    auto v = m.string(key);
    if (!v) m.missing(key);
    p.input_names.push_back(*v);
  }
  auto out = m.string("out");
  if (!out) m.missing("out");
  check_name(m, "out", "tensor");
  p.out_name = *out;
  if (t.op != Op::kAdd) p.out_format = m.string("fmt");
  if (t.op == Op::kGemm) {
    t.shift = static_cast<int>(m.integer_or("shift", 0, 40, 0));
    t.relu = m.boolean("relu").value_or(false);
    t.b_transposed = m.boolean("b_t").value_or(false);
  } else if (t.op == Op::kSoftmax) {
    t.method = m.kind("method", {Method::kOnlineBase2, Method::kIbert, Method::kLut}).value_or(Method::kOnlineBase2);
  } else if (t.op == Op::kGelu) {
    t.method = m.kind("method", {Method::kReluMinusDelta, Method::kPolyQuadratic, Method::kIbert})
                   .value_or(Method::kReluMinusDelta);
  }
  if (w.resources.units(unit_kind_of(t.op)) == 0)
    m.fail("op", fmt::format("resources have no {} unit for task '{}'", name(unit_kind_of(t.op)), t.name));
  m.finish();
  return p;
}

// Adds the task's output tensor (or binds a declared output) and records producers.
void bind_output(Workload& w, ParsedTask& p, int task_index) {
  int ti = w.tensor_index(p.out_name);
  if (ti < 0) {
    Tensor t;
    t.name = p.out_name;
    w.tensors.push_back(t);
    ti = static_cast<int>(w.tensors.size()) - 1;
  } else if (w.tensors[ti].io == Io::kInput) {
    p.reader.fail("out", fmt::format("'{}' is a workload input; no task may write it", p.out_name));
  } else if (w.tensors[ti].producer >= 0) {
    p.reader.fail("out", fmt::format("'{}' already has a producer, task '{}'", p.out_name,
                                     w.tasks[w.tensors[ti].producer].name));
  }
  w.tensors[ti].producer = task_index;
  p.task.out = ti;
}

void bind_inputs(Workload& w, std::vector<ParsedTask>& parsed) {
  for (size_t i = 0; i < parsed.size(); ++i) {
    ParsedTask& p = parsed[i];
    for (size_t k = 0; k < p.input_names.size(); ++k) {
      const int ti = w.tensor_index(p.input_names[k]);
      if (ti < 0) p.reader.fail(p.input_keys[k], fmt::format("no tensor or task output named '{}'", echo(p.input_names[k])));
      if (ti == p.task.out) p.reader.fail(p.input_keys[k], fmt::format("task '{}' reads its own output", p.task.name));
      p.task.inputs.push_back(ti);
      auto& cons = w.tensors[ti].consumers;
      if (std::find(cons.begin(), cons.end(), static_cast<int>(i)) == cons.end()) cons.push_back(static_cast<int>(i));
    }
  }
}

// Kahn's algorithm, always taking the earliest ready task in spec order.
std::vector<int> topological_order(const Workload& w, const std::vector<ParsedTask>& parsed) {
  const int n = static_cast<int>(parsed.size());
  std::vector<int> pending(n, 0), order;
  for (int i = 0; i < n; ++i)
    for (int ti : parsed[i].task.inputs) pending[i] += w.tensors[ti].producer >= 0;
  std::vector<bool> done(n, false);
  while (static_cast<int>(order.size()) < n) {
    int next = -1;
    for (int i = 0; i < n && next < 0; ++i)
      if (!done[i] && pending[i] == 0) next = i;
    if (next < 0) {
      std::string cycle;
      for (int i = 0; i < n; ++i)
        if (!done[i]) cycle += (cycle.empty() ? "" : ", ") + parsed[i].task.name;
      for (int i = 0; i < n; ++i)
        if (!done[i]) parsed[i].reader.fail("out", fmt::format("the tasks {} form a cycle through their tensors", cycle));
    }
    done[next] = true;
    order.push_back(next);
    for (int c : w.tensors[parsed[next].task.out].consumers)
      for (int ti : parsed[c].task.inputs)
        if (ti == parsed[next].task.out) --pending[c];
  }
  return order;
}

}  // namespace

void read_tasks(YamlReader& root, Workload& w) {
  auto items = root.list("tasks", kMaxTasks);
  if (!items) root.missing("tasks");
  if (items->empty()) root.fail("tasks", "needs at least one task");
  std::vector<ParsedTask> parsed;
  for (size_t i = 0; i < items->size(); ++i) {
    const YAML::Node& n = (*items)[i];
    const std::string path = fmt::format("tasks[{}]", i);
    if (!n.IsMap()) fail_at_node(root.file(), n, path, fmt::format("expected a mapping, got {}", describe_value(n)));
    parsed.push_back(read_task(w, YamlReader(root.file(), n, path)));
    for (size_t j = 0; j < i; ++j)
      if (parsed[j].task.name == parsed[i].task.name)
        parsed[i].reader.fail("name", fmt::format("task '{}' is defined twice", parsed[i].task.name));
  }
  w.tasks.clear();
  for (size_t i = 0; i < parsed.size(); ++i) {
    w.tasks.push_back(parsed[i].task);  // provisional, for names in messages
    bind_output(w, parsed[i], static_cast<int>(i));
  }
  bind_inputs(w, parsed);
  const std::vector<int> order = topological_order(w, parsed);
  infer_shapes(w, parsed, order);
  // A result nobody reads would be computed into nowhere (the scheduler has no home for
  // it), and is more likely a slip of the spec than an intent.
  for (const Tensor& t : w.tensors)
    if (t.io == Io::kIntermediate && t.consumers.empty())
      parsed[t.producer].reader.fail(
          "out", fmt::format("'{}' is read by no task and is not an output: declare it under tensors with "
                             "io: output, or remove task '{}'", t.name, parsed[t.producer].task.name));
  // Renumber tasks in topological order.
  std::vector<int> new_index(parsed.size());
  for (size_t k = 0; k < order.size(); ++k) new_index[order[k]] = static_cast<int>(k);
  w.tasks.clear();
  for (int i : order) w.tasks.push_back(parsed[i].task);
  for (Tensor& t : w.tensors) {
    if (t.producer >= 0) t.producer = new_index[t.producer];
    for (int& c : t.consumers) c = new_index[c];
    std::sort(t.consumers.begin(), t.consumers.end());
  }
  for (const Tensor& t : w.tensors) {
    auto tensors = root.mapping("tensors");
    if (t.io == Io::kInput && t.consumers.empty()) tensors->fail(t.name, fmt::format("input '{}' is never read", t.name));
    if (t.io == Io::kOutput && t.producer < 0) tensors->fail(t.name, fmt::format("no task writes output '{}'", t.name));
  }
}

}  // namespace bitloom::workload
