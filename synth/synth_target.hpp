// What a synthesis run needs to know of a design: its Verilog files, its top and how
// to treat its hierarchy, never its spec. Generated designs and hand-written RTL
// (`bitloom synth --rtl`) become the same kind of target, so they go through the same
// flow and their reports compare.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "generator/workspace.hpp"

namespace bitloom {

// A module kept as a black box: an SRAM macro the liberty does not have. It is not
// mapped, has no area in the report (its bits are listed instead), and timing stops at
// its ports (OpenSTA links it as a black box).
struct BlackBox {
  std::string module;
  long long bits = 0;  // bits one instance stores
};

struct SynthTarget {
  std::string top;
  std::vector<std::string> files;                           // compile order
  std::vector<std::pair<std::string, std::string>> params;  // top parameters to override (chparam)
  std::vector<std::string> flatten_below;                   // modules whose submodules are flattened into them
  long long macs_per_cycle = 0;                             // useful MACs per cycle (0: not an array)
  std::string clock = "clk";                                // the top's clock port (the SDC's clock)
  std::string content_hash;                                 // of everything above: the cache key
  long long min_cells = 0;  // a lower bound on its netlist's cells, where the generator knows one (memory_budget.hpp)
  std::vector<BlackBox> black_boxes;                        // RAMs kept as macros (the script says so: part of the key)
  std::string dir;                                          // work folder for its runs
};

// A generated design: its RTL in the work folder. Throws BudgetError for designs beyond
// what `bitloom synth` takes (docs/limits.md).
SynthTarget synth_target(const Generated& g);

// Hand-written RTL. `files` must exist; `params` are NAME=VALUE overrides of the top's
// parameters; `clock` names the top's clock port. Its runs go under WORK/rtl-<top>/<hash>.
SynthTarget rtl_target(const std::vector<std::string>& files, const std::string& top,
                       const std::vector<std::string>& params, const std::vector<std::string>& flatten_below,
                       long long macs_per_cycle, const std::string& work_root, const std::string& clock = "clk");

}  // namespace bitloom
