// The parts of the workload reader shared between its files (not a public interface).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "generator/workload/workload.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom::workload {

struct ParsedTask {
  Task task;
  YamlReader reader;                      // for errors found after parsing
  std::vector<std::string> input_keys;    // "a", "b" / "x", "y"
  std::vector<std::string> input_names;
  std::string out_name;
  std::optional<std::string> out_format;  // fmt key, if given
};

// Checks every edge's shape and format and gives each intermediate its shape and format,
// visiting the tasks in `order` (topological).
void infer_shapes(Workload& w, std::vector<ParsedTask>& parsed, const std::vector<int>& order);

// Fails at `key` of `parent` unless it is a plain identifier and no reserved word.
void check_name(const YamlReader& parent, const std::string& key, const std::string& what);
// tasks: reads them, builds the graph, infers intermediate shapes and sorts the tasks
// topologically (spec order where it is one).
void read_tasks(YamlReader& root, Workload& w);
// schedule: an explicit list of phases, each a list of `task@unit[+unit...]`.
void read_schedule(YamlReader& root, Workload& w);

}  // namespace bitloom::workload
