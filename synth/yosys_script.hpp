// The scripts of one synthesis run: Yosys (read, elaborate, synthesize, map to the
// liberty, report, write the netlist) and, with a clock, the ABC script that makes the
// mapping timing-driven. Yosys substitutes its {D} placeholder only in its built-in
// ABC scripts, never in a script file, so the delay target is written in here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "synth/liberty.hpp"
#include "synth/synth_target.hpp"

namespace bitloom {

struct SynthOptions;

std::string yosys_script(const SynthTarget& t, const Liberty& lib, const SynthOptions& o);

// The ABC mappings a clocked run tries; the flow keeps the one STA likes best.
//  - "keep": the RTL's structure as written (choices by &dch, no area rewriting), mapped
//    for the delay target. Generated prefix adders and compressor trees stay log-depth:
//    the area rewriting (dc2) of Yosys's default script collapses them into ripple chains.
//  - "restructure": &syn2 rebuilds the logic for delay first (more area, shorter paths
//    through behavioural multipliers and adders).
// Both end with buffering of high-fanout nets and gate sizing against the target.
struct AbcMapping {
  std::string name;
  std::string script;  // abc.script contents; empty: Yosys's own area-oriented script
};
// The delay target is the period less `overhead_ns` (sequential_overhead_ns).
std::vector<AbcMapping> abc_mappings(const std::optional<double>& clock_ns, double overhead_ns = 0);

// Inputs driven by the library's buffer, outputs loading about four of its inputs.
std::string abc_constraints(const Liberty& lib);

}  // namespace bitloom
