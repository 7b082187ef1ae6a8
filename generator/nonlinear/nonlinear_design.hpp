// The part of a GELU or softmax Design that every method shares: names, protocol and
// the formats in the manifest's params.
#pragma once
#include "generator/design.hpp"

namespace bitloom {

inline Design nonlinear_design(const NonlinearConfig& c, BlockKind kind, const std::string& protocol,
                               bool y_signed) {
  Design d;
  d.top = c.name;
  d.kind = kind;
  d.protocol = protocol;
  d.latency_cycles_per_beat = 1;
  auto& p = d.params;
  p["method"] = name(c.method);
  p["lanes"] = c.lanes;
  p["x_width"] = c.x.width;
  p["x_frac"] = c.x.frac;
  p["y_width"] = c.y.width;
  p["y_frac"] = c.y.frac;
  p["y_signed"] = y_signed;
  return d;
}

}  // namespace bitloom
