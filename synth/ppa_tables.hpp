// Reports over several synthesis runs: clock sweeps, fmax searches and comparisons,
// as JSON (schemas in docs/synth-report.md) and Markdown.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "synth/clock_search.hpp"

namespace bitloom {

nlohmann::ordered_json sweep_json(const std::vector<SynthReport>& rows);
std::string sweep_markdown(const std::vector<SynthReport>& rows);

nlohmann::ordered_json fmax_json(const FmaxResult& f);
std::string fmax_markdown(const FmaxResult& f);

// Area efficiency: useful MACs per second per µm² at the report's clock.
double area_efficiency(const SynthReport& r);

// a and b synthesized at the same clock.
nlohmann::ordered_json compare_json(const SynthReport& a, const SynthReport& b);
std::string compare_markdown(const SynthReport& a, const SynthReport& b);

}  // namespace bitloom
