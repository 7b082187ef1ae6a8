// `bitloom accuracy`: a nonlinear unit's measured error against double precision and
// its cost, as JSON (schema bitloom.accuracy/1, see docs/nonlinear.md) and Markdown.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "generator/nonlinear/accuracy.hpp"
#include "generator/spec.hpp"

namespace bitloom {

struct AccuracyOptions {
  SoftmaxSuite suite;                      // softmax inputs (GELU is exhaustive)
};

// Area and fmax from the PPA flow, when asked for.
struct AccuracyPpa {
  std::string liberty;
  double fmax_mhz = 0;
  double area_at_fmax = 0;
  double area_no_clock = 0;
};

nlohmann::ordered_json accuracy_report(const Spec& spec, const AccuracyOptions& o,
                                       const std::optional<AccuracyPpa>& ppa);
std::string accuracy_markdown(const nlohmann::ordered_json& report);

}  // namespace bitloom
