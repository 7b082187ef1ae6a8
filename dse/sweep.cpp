#include "dse/sweep_internal.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <regex>

#include "generator/design.hpp"
#include "generator/hash.hpp"
#include "generator/process.hpp"
#include "generator/spec.hpp"
#include "generator/spec_error.hpp"
#include "generator/workload/workload.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom::dse {

std::string Flow::key() const {
  switch (kind) {
    case FlowKind::kSynth: return clock_ns ? fmt::format("synth@{}", *clock_ns) : "synth";
    case FlowKind::kFmax: return "fmax";
    case FlowKind::kSim: return "sim";
    case FlowKind::kAccuracy: return "accuracy";
    case FlowKind::kSchedule: return "schedule:" + mode;
  }
  return "?";
}

bool flow_applies(const Flow& f, const std::string& kind) {
  switch (f.kind) {
    case FlowKind::kSynth:
    case FlowKind::kFmax:
    case FlowKind::kSim: return kind != "workload";
    case FlowKind::kAccuracy: return kind == "gelu" || kind == "softmax";
    case FlowKind::kSchedule: return kind == "workload";
  }
  return false;
}


namespace {

std::string stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// An axis value as JSON: a number when it reads as one, else a string.
nlohmann::ordered_json typed(const std::string& v) {
  static const std::regex integer("-?[0-9]{1,15}"), real("-?[0-9]+\\.[0-9]+");
  if (std::regex_match(v, integer)) return std::stoll(v);
  if (std::regex_match(v, real)) return std::stod(v);
  return v;
}

// What every row of a block point states about its design, found once per point.
nlohmann::ordered_json design_facts(const Spec& spec) {
  nlohmann::ordered_json f = nlohmann::ordered_json::object();
  try {
    const Design d = build_design(spec);
    f["top"] = d.top;
    f["latency_cycles"] = d.latency_cycles;
  } catch (const std::exception&) {
    return f;  // a design the generator refuses: its jobs fail and say why
  }
  if (spec.kind == BlockKind::kGemm) {
    f["arch"] = std::string(name(spec.gemm.arch));
    f["pe"] = std::string(name(spec.gemm.pe));
  } else {
    f["method"] = std::string(name(spec.nonlinear.method));
  }
  return f;
}

// Checks one point as the commands will read it, and fills its kind and facts; a bad
// point is reported at the sweep value that made it.
void validate_point(const Sweep& s, Point& p, const Choice& choice) {
  try {
    if (workload::is_workload_text(p.spec_text)) {
      workload::load_workload_text(p.spec_text, p.label);
      p.kind = "workload";
      return;
    }
    const Spec spec = load_spec_text(p.spec_text, p.label);
    p.kind = std::string(name(spec.kind));
    p.facts = design_facts(spec);
  } catch (const SpecError& e) {
    std::string why = e.what();
    if (const size_t at = why.find(": "); at != std::string::npos && why.compare(0, p.label.size(), p.label) == 0)
      why = why.substr(at + 2);
    const auto& [axis, index] = choice.empty() ? std::pair<const Axis*, size_t>{nullptr, 0} : choice.front();
    if (!axis) throw;
    // Name the axis whose key the error mentions, else the first one.
    const Axis* blame = axis;
    size_t blame_index = index;
    for (const auto& [a, i] : choice)
      if (why.find(a->key + ":") == 0 || why.find(a->key + ".") == 0) blame = a, blame_index = i;
    fail_at_node(s.file, blame->values[blame_index], fmt::format("{}[{}]", blame->key, blame_index),
                 fmt::format("point {} is not a valid spec: {}", p.label, why));
  }
}

void expand(Sweep& s, const std::string& base_file, const std::vector<Axis>& product, const std::vector<Axis>& zipped) {
  const std::string text = read_spec_file(base_file);
  const YAML::Node base = YAML::Load(text);
  const size_t zip_len = zipped.empty() ? 1 : zipped.front().values.size();
  std::vector<size_t> odo(product.size(), 0);
  for (bool more = true; more;) {
    for (size_t z = 0; z < zip_len; ++z) {
      Choice choice;
      for (size_t a = 0; a < product.size(); ++a) choice.push_back({&product[a], odo[a]});
      for (const Axis& a : zipped) choice.push_back({&a, z});
      Point p;
      p.index = static_cast<int>(s.points.size());
      p.base = std::filesystem::path(base_file).filename().string();
      std::string values;
      for (const auto& [axis, i] : choice) {
        const std::string v = axis->values[i].Scalar();
        values += fmt::format("{}{}={}", values.empty() ? "" : ",", axis->key, v);
        p.params[axis->key] = typed(v);
      }
      p.label = values.empty() ? stem(base_file) : fmt::format("{}[{}]", stem(base_file), values);
      p.spec_text = point_text(base, choice);
      p.sha256 = sha256_hex(p.spec_text);
      validate_point(s, p, choice);
      s.points.push_back(std::move(p));
    }
    // Next combination of the product axes, the last varying fastest.
    more = false;
    for (size_t a = product.size(); a-- > 0;) {
      if (++odo[a] < product[a].values.size()) {
        more = true;
        break;
      }
      odo[a] = 0;
    }
  }
}

}  // namespace

Sweep load_sweep(const std::string& file) {
  const std::string text = read_spec_file(file);
  YamlReader root = parse_spec_text(text, file);
  Sweep s;
  s.file = file;
  s.sha256 = sha256_hex(text);
  if (!root.choice("kind", {"sweep"})) root.missing("kind");
  s.name = root.identifier("name").value_or(stem(file));
  const std::filesystem::path dir = std::filesystem::absolute(file).parent_path();
  if (auto lib = root.string("liberty")) s.liberty = (dir / *lib).string();
  auto specs = root.list("specs", 64);
  if (!specs || specs->empty()) root.fail("specs", "needs at least one base spec");
  const std::vector<Axis> product = read_axes(root, "axes");
  const std::vector<Axis> zipped = read_axes(root, "together");
  for (const Axis& a : zipped)
    if (a.values.size() != zipped.front().values.size())
      root.fail("together", fmt::format("every list varies together, so all need one length: {} has {}, {} has {}",
                                        zipped.front().key, zipped.front().values.size(), a.key, a.values.size()));
  s.flows = read_flows(root);
  root.finish();
  // Each base: a file name, or {file: {key: values, ...}} with axes of its own.
  for (size_t i = 0; i < specs->size(); ++i) {
    const YAML::Node& n = (*specs)[i];
    std::vector<Axis> axes = product;
    std::string name;
    if (n.IsScalar()) {
      name = n.Scalar();
    } else if (n.IsMap() && n.size() == 1 && n.begin()->first.IsScalar()) {
      name = n.begin()->first.Scalar();
      YamlReader entry(file, n, fmt::format("specs[{}]", i));
      for (Axis& a : read_axes(entry, name)) axes.push_back(std::move(a));
    } else {
      fail_at_node(file, n, "specs", "expected a spec file name, or {file: {key: [values]}}");
    }
    const std::string base = (dir / name).string();
    if (!std::filesystem::is_regular_file(base)) fail_at_node(file, n, "specs", fmt::format("no spec file {}", base));
    expand(s, base, axes, zipped);
  }
  const std::string liberty_key = s.liberty.empty() ? "default" : sha256_hex(read_text_file(s.liberty));
  for (const Flow& f : s.flows) {
    bool any = false;
    for (const Point& p : s.points) {
      if (!flow_applies(f, p.kind)) continue;
      any = true;
      s.jobs.push_back(Job{&p, f, sha256_hex(p.sha256 + "|" + f.key() + "|" + liberty_key)});
    }
    if (!any) root.fail("flows", fmt::format("flow {} applies to none of the points", f.key()));
  }
  return s;
}

}  // namespace bitloom::dse
