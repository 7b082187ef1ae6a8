// Synthesis reports as JSON (schema bitloom.synth/1, see docs/synth-report.md) and as
// a Markdown table.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "synth/synth_runner.hpp"

namespace bitloom {

inline constexpr const char* kSynthSchema = "bitloom.synth/1";

nlohmann::ordered_json report_to_json(const SynthReport& r);
SynthReport report_from_json(const nlohmann::json& j, const Liberty& lib);
std::string report_markdown(const SynthReport& r);

}  // namespace bitloom
