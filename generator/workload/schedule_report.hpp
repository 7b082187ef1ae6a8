// A schedule as people and programs read it: a Markdown-style table of phases and
// tensors, and JSON with every number the table shows (and the bindings the RTL needs).
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "generator/workload/scheduler.hpp"

namespace bitloom::workload {

// `simulated` is the SystemC model's result for the same plan, or null.
nlohmann::ordered_json schedule_json(const Workload& w, const Scheduled& s, const PerfResult* simulated);
std::string schedule_table(const Workload& w, const Scheduled& s, const PerfResult* simulated);

// "cc0+cc1", "4x(4x4)" (dataflow cores), "sm0".
std::string binding_units(const Workload& w, const Binding& b);

}  // namespace bitloom::workload
