// The acceptance bars of a workload top's cycles against the SystemC model (issue 14): 2 %
// in total, and per phase 5 % or 64 cycles, whichever is larger. Used by the system test
// bench and by `bitloom sim`, so that both judge a top alike.
#pragma once
#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace bitloom::workload {

// What lies outside the bars (empty: the RTL is within them).
inline std::vector<std::string> outside_cycle_bars(const std::vector<long long>& rtl_phases,
                                                   const std::vector<long long>& model_phases, long long rtl,
                                                   long long model) {
  std::vector<std::string> outside;
  for (size_t p = 0; p < rtl_phases.size() && p < model_phases.size(); ++p) {
    const long long off = std::llabs(rtl_phases[p] - model_phases[p]);
    if (off > 64 && off * 20 > model_phases[p])
      outside.push_back(fmt::format("phase {}: {} cycles, SystemC {}", p, rtl_phases[p], model_phases[p]));
  }
  if (rtl_phases.size() != model_phases.size())
    outside.push_back(fmt::format("{} phases, SystemC {}", rtl_phases.size(), model_phases.size()));
  if (std::llabs(rtl - model) * 50 > model) outside.push_back(fmt::format("{} cycles in all, SystemC {}", rtl, model));
  return outside;
}

}  // namespace bitloom::workload
