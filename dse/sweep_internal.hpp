// Shared by the sweep reader's files (not a public interface).
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

#include "dse/sweep.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom::dse {

// One axis: a spec key (dotted for nested keys) and its values, each with its place in
// the sweep file for errors.
struct Axis {
  std::string key;
  std::vector<YAML::Node> values;
};

using Choice = std::vector<std::pair<const Axis*, size_t>>;  // an axis and the index of its value

std::vector<Axis> read_axes(YamlReader& root, const std::string& section);
std::vector<Flow> read_flows(YamlReader& root);
// The base spec with every chosen value set, as YAML text.
std::string point_text(const YAML::Node& base, const Choice& choice);

}  // namespace bitloom::dse
