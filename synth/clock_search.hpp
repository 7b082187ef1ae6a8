// Clock-driven PPA: the highest clock that meets timing (fmax) and sweeps over a list of
// clocks. Every probe is a real Yosys (timing-driven ABC) + OpenSTA run, cached by
// (RTL bytes, liberty, clock, mode); probes run two at a time on the machine's cores.
//
// The fmax search places probes by the reported slack: a probe at period P with worst
// slack S says its netlist has a critical path of P - S, so the first probe already
// gives an estimate. Each later round probes two periods inside the bracket between the
// longest failing and the shortest passing period. Mapping is timing-driven, so every
// probe is a different netlist and timing need not be monotone in the period: the
// result is always the shortest period that met timing in a real run, never an
// interpolation or an unmet point.
#pragma once
#include <vector>

#include "synth/synth_runner.hpp"

namespace bitloom {

struct FmaxOptions {
  bool flat = false;
  double resolution_ns = 0.05;  // stop once the bracket is this narrow
  double start_ns = 10.0;       // first probe
  int max_probes = 5;           // stop after this many probes
};

struct FmaxResult {
  double period_ns = 0;          // shortest period that met timing
  double failing_period_ns = 0;  // longest period below it that did not (0: none probed)
  double resolution_ns = 0;      // the requested resolution
  SynthReport at_fmax;
  std::vector<SynthReport> probes;  // in the order they ran
  double seconds = 0;               // wall time of the whole search
  double fmax_mhz() const { return 1000.0 / period_ns; }
  double bracket_ns() const { return period_ns - failing_period_ns; }
};

FmaxResult search_fmax(const SynthTarget& t, const Liberty& lib, const FmaxOptions& o);
FmaxResult search_fmax(const Generated& g, const Liberty& lib, const FmaxOptions& o);

// One report per clock, in the order given; as many run at once as the cores allow
// (each run already maps two ways side by side). The fmax search's rounds use it too.
std::vector<SynthReport> sweep_clocks(const SynthTarget& t, const Liberty& lib, bool flat,
                                      const std::vector<double>& clocks_ns);

}  // namespace bitloom
