#include "generator/nonlinear/accuracy_report.hpp"

#include <fmt/format.h>

#include "generator/design.hpp"
#include "generator/nonlinear/gelu_unit.hpp"
#include "generator/nonlinear/softmax_unit.hpp"

namespace bitloom {

namespace {

nlohmann::ordered_json error_json(const ErrorStats& s) {
  return {{"samples", s.samples()},     {"max_abs", s.max_abs()},   {"mean_abs", s.mean_abs()},
          {"rms", s.rms()},             {"max_lsb", s.max_lsb()},   {"mean_lsb", s.mean_lsb()},
          {"rms_lsb", s.rms_lsb()},     {"correctly_rounded", s.correctly_rounded()}};
}

nlohmann::ordered_json table_json(const std::string& name, int rows, int row_bits, int degree) {
  return {{"name", name}, {"rows", rows}, {"row_bits", row_bits}, {"degree", degree}};
}

int coef_bits(const PolyTable& t) {
  int bits = 0;
  for (int i = 0; i <= t.degree; ++i) {
    int64_t lo = 0, hi = 0;
    for (int r = 0; r < t.rows(); ++r) {
      lo = std::min(lo, t.c(r, i));
      hi = std::max(hi, t.c(r, i));
    }
    bits += fx::signed_bits(lo, hi);
  }
  return bits;
}

}  // namespace

nlohmann::ordered_json accuracy_report(const Spec& spec, const AccuracyOptions& o,
                                       const std::optional<AccuracyPpa>& ppa) {
  const NonlinearConfig& c = spec.nonlinear;
  nlohmann::ordered_json j;
  j["schema"] = "bitloom.accuracy/1";
  j["spec"] = spec.file_name;
  j["spec_sha256"] = spec.sha256;
  j["kind"] = name(spec.kind);
  j["method"] = name(c.method);
  j["name"] = c.name;
  j["x"] = {{"width", c.x.width}, {"frac", c.x.frac}, {"signed", true}};
  j["y"] = {{"width", c.y.width}, {"frac", c.y.frac}, {"signed", spec.kind == BlockKind::kGelu}};
  j["lanes"] = c.lanes;
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  if (spec.kind == BlockKind::kGelu) {
    const GeluModel m = build_gelu_model(c);
    j["golden"] = "0.5 x (1 + std::erf(x / sqrt 2)), every input code";
    j["error"] = error_json(gelu_accuracy(m));
    if (m.method != Method::kIbert) tables.push_back(table_json("delta", m.delta.rows(), coef_bits(m.delta), m.delta.degree));
  } else {
    j["max_len"] = c.max_len;
    const SoftmaxModel m = build_softmax_model(c);
    const SoftmaxAccuracy a = softmax_accuracy(m, o.suite);
    j["golden"] = "std::exp(x - max) / sum, double, on Gaussian logits";
    j["error"] = error_json(a.error);
    nlohmann::ordered_json by_len = nlohmann::ordered_json::array();
    for (const auto& [n, e] : a.max_lsb_by_length) by_len.push_back({{"n", n}, {"max_lsb", e}});
    j["softmax"] = {{"vectors", a.vectors},
                    {"seed", o.suite.seed},
                    {"sigmas", o.suite.sigmas},
                    {"max_lsb_by_length", by_len},
                    {"max_sum_error_lsb", a.max_sum_error_lsb},
                    {"max_sum_error_over_half_n", a.max_sum_error_ratio},
                    {"argmax_checked", a.argmax_checked},
                    {"argmax_kept", a.argmax_kept}};
    if (m.method == Method::kOnlineBase2) {
      tables.push_back(table_json("exp2", m.exp2.rows(), coef_bits(m.exp2), m.exp2.degree));
      tables.push_back(table_json("recip", m.recip.rows(), coef_bits(m.recip), m.recip.degree));
    } else if (m.method == Method::kLut) {
      tables.push_back(table_json("exp", static_cast<int>(m.lut_exp.size()), 18, 0));
      tables.push_back(table_json("inv", static_cast<int>(m.lut_inv.size()), 18, 0));
    }
  }
  j["tables"] = tables;
  // Cost facts of the generated RTL.
  try {
    const Design d = build_design(spec);
    j["latency_cycles"] = d.latency_cycles;
    j["multipliers"] = d.params.contains("multipliers") ? d.params["multipliers"]
                                                        : nlohmann::ordered_json(d.params.value("multipliers_per_lane", 0) * c.lanes);
    j["rtl"] = true;
  } catch (const std::invalid_argument&) {
    j["latency_cycles"] = nullptr;
    j["multipliers"] = nullptr;
    j["rtl"] = false;
  }
  if (ppa) {
    j["ppa"] = {{"liberty", ppa->liberty}, {"fmax_mhz", ppa->fmax_mhz}, {"area_at_fmax_um2", ppa->area_at_fmax},
                {"area_no_clock_um2", ppa->area_no_clock}};
  } else {
    j["ppa"] = nullptr;
  }
  return j;
}

std::string accuracy_markdown(const nlohmann::ordered_json& j) {
  std::string md = fmt::format("## accuracy: {} ({} {}, {})\n\n", j["name"].get<std::string>(), j["kind"].get<std::string>(),
                               j["method"].get<std::string>(), j["spec"].get<std::string>());
  const auto& e = j["error"];
  md += fmt::format("golden: {}\n\n", j["golden"].get<std::string>());
  md += "| samples | max abs | mean abs | RMS | max LSB | mean LSB | RMS LSB | correctly rounded |\n";
  md += "|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  md += fmt::format("| {} | {:.3e} | {:.3e} | {:.3e} | {:.3f} | {:.4f} | {:.4f} | {:.2f}% |\n\n", e["samples"].get<long long>(),
                    e["max_abs"].get<double>(), e["mean_abs"].get<double>(), e["rms"].get<double>(),
                    e["max_lsb"].get<double>(), e["mean_lsb"].get<double>(), e["rms_lsb"].get<double>(),
                    100 * e["correctly_rounded"].get<double>());
  if (j.contains("softmax")) {
    const auto& s = j["softmax"];
    md += fmt::format("{} vectors (seed {}); max error by length:", s["vectors"].get<long long>(), s["seed"].get<unsigned long long>());
    for (const auto& row : s["max_lsb_by_length"])
      md += fmt::format(" N={} {:.3f} LSB;", row["n"].get<int>(), row["max_lsb"].get<double>());
    md += fmt::format("\n|Σp − 1| max {:.1f} LSB ({:.3f} of the N/2 bound); argmax kept {}/{}\n\n",
                      s["max_sum_error_lsb"].get<double>(), s["max_sum_error_over_half_n"].get<double>(),
                      s["argmax_kept"].get<long long>(), s["argmax_checked"].get<long long>());
  }
  md += "| table | rows | bits per row | degree |\n|---|---:|---:|---:|\n";
  for (const auto& t : j["tables"])
    md += fmt::format("| {} | {} | {} | {} |\n", t["name"].get<std::string>(), t["rows"].get<int>(), t["row_bits"].get<int>(),
                      t["degree"].get<int>());
  if (j["tables"].empty()) md += "| (none) | | | |\n";
  md += "\n";
  if (j["rtl"].get<bool>()) {
    md += fmt::format("RTL: latency {} cycles, {} multipliers\n", j["latency_cycles"].get<int>(), j["multipliers"].get<int>());
  } else {
    md += "RTL: none generated for this method (model only)\n";
  }
  if (!j["ppa"].is_null())
    md += fmt::format("PPA ({}): fmax {:.1f} MHz, {:.0f} µm² at fmax, {:.0f} µm² without a clock target\n",
                      j["ppa"]["liberty"].get<std::string>(), j["ppa"]["fmax_mhz"].get<double>(),
                      j["ppa"]["area_at_fmax_um2"].get<double>(), j["ppa"]["area_no_clock_um2"].get<double>());
  return md;
}

}  // namespace bitloom
