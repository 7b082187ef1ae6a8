// The parts of a sweep file: axes (lists or ranges of values for spec keys), the flows,
// and the point spec that one choice of values makes from a base spec.
#include <fmt/format.h>

#include <cmath>
#include <regex>

#include "dse/sweep_internal.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom::dse {

namespace {

double number_at(const std::string& file, const YAML::Node& n, const std::string& key) {
  static const std::regex decimal("-?[0-9]+(\\.[0-9]+)?");
  if (!n || !n.IsScalar() || !std::regex_match(n.Scalar(), decimal))
    fail_at_node(file, n, key, fmt::format("expected a decimal number, got {}", n ? describe_value(n) : "nothing"));
  return std::stod(n.Scalar());
}

std::string number_text(double v) {
  return v == std::floor(v) && std::abs(v) < 1e15 ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{}", v);
}

// {from: A, to: B, step: S} (A, A+S, ... <= B) or {from: A, to: B, times: F} (A, A*F, ...).
std::vector<YAML::Node> range_values(const std::string& file, const YAML::Node& n, const std::string& key) {
  for (const auto& kv : n)
    if (kv.first.Scalar() != "from" && kv.first.Scalar() != "to" && kv.first.Scalar() != "step" && kv.first.Scalar() != "times")
      fail_at_node(file, kv.first, key + "." + kv.first.Scalar(), "unknown key (a range has from, to and step or times)");
  const double from = number_at(file, n["from"], key + ".from"), to = number_at(file, n["to"], key + ".to");
  const bool geometric = static_cast<bool>(n["times"]);
  if (geometric == static_cast<bool>(n["step"])) fail_at_node(file, n, key, "a range needs exactly one of step and times");
  const double by = number_at(file, geometric ? n["times"] : n["step"], key + (geometric ? ".times" : ".step"));
  if (geometric ? by <= 1 : by <= 0) fail_at_node(file, n, key, "the range would not end (step > 0, times > 1)");
  std::vector<YAML::Node> out;
  for (double v = from; v <= to * (1 + 1e-12) && out.size() <= 4096; v = geometric ? v * by : v + by) {
    YAML::Node value(number_text(v));
    out.push_back(value);
  }
  if (out.empty() || out.size() > 4096) fail_at_node(file, n, key, "a range needs 1 to 4096 values");
  return out;
}

}  // namespace

std::vector<Axis> read_axes(YamlReader& root, const std::string& section) {
  std::vector<Axis> axes;
  auto m = root.mapping(section);
  if (!m) return axes;
  static const std::regex key_form("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  for (const auto& kv : m->node()) {
    const std::string key = kv.first.Scalar();
    const std::string where = section + "." + key;
    if (!std::regex_match(key, key_form)) fail_at_node(root.file(), kv.first, where, "expected a spec key (dotted for nested keys)");
    Axis a{key, {}};
    if (kv.second.IsSequence()) {
      for (const auto& v : kv.second) {
        if (!v.IsScalar()) fail_at_node(root.file(), v, where, fmt::format("expected a value, got {}", describe_value(v)));
        a.values.push_back(v);
      }
    } else if (kv.second.IsMap()) {
      a.values = range_values(root.file(), kv.second, where);
    } else {
      fail_at_node(root.file(), kv.second, where, "expected a list of values or a range {from, to, step|times}");
    }
    if (a.values.empty()) fail_at_node(root.file(), kv.second, where, "needs at least one value");
    m->has(key);
    axes.push_back(std::move(a));
  }
  return axes;
}

namespace {

Flow flow_named(const std::string& file, const YAML::Node& n, const std::string& name) {
  Flow f;
  if (name == "synth") f.kind = FlowKind::kSynth;
  else if (name == "fmax") f.kind = FlowKind::kFmax;
  else if (name == "sim") f.kind = FlowKind::kSim;
  else if (name == "accuracy") f.kind = FlowKind::kAccuracy;
  else if (name == "schedule") f.kind = FlowKind::kSchedule;
  else fail_at_node(file, n, "flows", fmt::format("'{}' is not one of: synth, fmax, sim, accuracy, schedule", echo(name)));
  return f;
}

}  // namespace

// flows: [synth, fmax, sim, accuracy, schedule, {synth: {clock_ns: [5, 10]}},
//         {schedule: {modes: [sequential, intar]}}]
std::vector<Flow> read_flows(YamlReader& root) {
  auto items = root.list("flows", 64);
  if (!items || items->empty()) root.fail("flows", "needs at least one of: synth, fmax, sim, accuracy, schedule");
  std::vector<Flow> flows;
  for (const YAML::Node& n : *items) {
    if (n.IsScalar()) {
      Flow f = flow_named(root.file(), n, n.Scalar());
      if (f.kind != FlowKind::kSchedule) flows.push_back(f);
      for (const char* mode : {"sequential", "dataflow", "intar"})
        if (f.kind == FlowKind::kSchedule) f.mode = mode, flows.push_back(f);
      continue;
    }
    if (!n.IsMap() || n.size() != 1) fail_at_node(root.file(), n, "flows", "expected a flow name or {name: {options}}");
    const auto kv = *n.begin();
    Flow f = flow_named(root.file(), kv.first, kv.first.Scalar());
    YamlReader opts(root.file(), kv.second.IsMap() ? kv.second : YAML::Node(YAML::NodeType::Map), "flows." + kv.first.Scalar());
    if (f.kind == FlowKind::kSynth) {
      auto clocks = opts.list("clock_ns", 64);
      if (!clocks) opts.missing("clock_ns");
      for (const YAML::Node& c : *clocks) f.clock_ns = number_at(root.file(), c, "clock_ns"), flows.push_back(f);
    } else if (f.kind == FlowKind::kSchedule) {
      auto modes = opts.list("modes", 3);
      if (!modes) opts.missing("modes");
      for (const YAML::Node& m : *modes) {
        if (!m.IsScalar() || (m.Scalar() != "sequential" && m.Scalar() != "dataflow" && m.Scalar() != "intar"))
          fail_at_node(root.file(), m, "modes", "expected sequential, dataflow or intar");
        f.mode = m.Scalar();
        flows.push_back(f);
      }
    } else {
      flows.push_back(f);
    }
    opts.finish();
  }
  return flows;
}

namespace {

void set_path(YAML::Node node, const std::vector<std::string>& path, size_t at, const YAML::Node& value) {
  if (at + 1 == path.size()) {
    node[path[at]] = YAML::Node(value.Scalar());
    return;
  }
  if (!node[path[at]] || !node[path[at]].IsMap()) node[path[at]] = YAML::Node(YAML::NodeType::Map);
  set_path(node[path[at]], path, at + 1, value);
}

}  // namespace

std::string point_text(const YAML::Node& base, const Choice& choice) {
  YAML::Node spec = YAML::Clone(base);
  for (const auto& [axis, i] : choice) {
    std::vector<std::string> path;
    std::string part;
    for (char c : axis->key + ".") {
      if (c == '.') path.push_back(part), part.clear();
      else part += c;
    }
    set_path(spec, path, 0, axis->values[i]);
  }
  YAML::Emitter out;
  out << spec;
  return std::string(out.c_str()) + "\n";
}

}  // namespace bitloom::dse
