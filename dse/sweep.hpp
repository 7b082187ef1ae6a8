// A design-space sweep (kind: sweep): base specs, axes of values for any of their keys,
// and the flows to run at every point. Every point is a whole spec, validated like any
// other before anything runs; a bad value is reported at its line in the sweep file.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bitloom::dse {

enum class FlowKind { kSynth, kFmax, kSim, kAccuracy, kSchedule };

struct Flow {
  FlowKind kind = FlowKind::kSynth;
  std::optional<double> clock_ns;  // synth: at this clock (timing-driven), else area only
  std::string mode;                // schedule: sequential | dataflow | intar
  std::string key() const;         // "synth", "synth@5", "fmax", "schedule:intar", ...
};

struct Point {
  int index = 0;
  std::string label;               // base stem and axis values: "gemm_os_mac_4x4[pe=opt1,rows=8]"
  std::string base;                // the base spec's file name
  std::string spec_text;           // the point's whole spec
  std::string sha256;              // of spec_text
  std::string kind;                // gemm | gelu | softmax | workload
  nlohmann::ordered_json params;   // the axis values of this point
  nlohmann::ordered_json facts;    // blocks: top, latency_cycles, arch and pe or method
};

struct Job {
  const Point* point = nullptr;
  Flow flow;
  std::string key;                 // sha256 of point, flow and liberty: the database key
};

struct Sweep {
  std::string file, name, sha256;
  std::string liberty;             // "" : the default (osu018)
  std::vector<Point> points;
  std::vector<Flow> flows;
  std::vector<Job> jobs;           // every point x every flow that applies to it
};

// Reads the sweep, expands and validates every point. Throws SpecError located in the
// sweep file.
Sweep load_sweep(const std::string& file);

bool flow_applies(const Flow& f, const std::string& kind);

}  // namespace bitloom::dse
