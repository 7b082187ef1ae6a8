// `bitloom synth` on a kind: workload spec (synth_workload.cpp): the schedule's hardware
// (the spec's mode, or --mode) generated into the work folder and synthesized as one
// hierarchical top, and its area summed by unit kind.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "generator/cli/command.hpp"
#include "generator/workload/workload.hpp"
#include "synth/synth_runner.hpp"
#include "synth/synth_target.hpp"

namespace bitloom::cli {

// The top of `w` for its mode (--mode), written under WORK. Throws
// workload_rtl::UnsupportedSchedule for a schedule the generator cannot build.
SynthTarget workload_synth_target(const ParsedArgs& args, const workload::Workload& w, const std::string& work);

// Area per unit kind of a workload top's report, largest first: the modules grouped by
// the unit their name says (<workload>_bank*, _cc*, _sm*, ...).
std::vector<std::pair<std::string, double>> area_by_unit_kind(const SynthReport& r, const std::string& workload);
std::string unit_kind_markdown(const std::vector<std::pair<std::string, double>>& kinds, double total);

}  // namespace bitloom::cli
