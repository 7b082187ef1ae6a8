// The spec keys of the GELU and softmax units (kind: gelu | softmax).
#pragma once
#include <string>

#include "generator/spec.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom {

NonlinearConfig read_nonlinear(YamlReader& root, const std::string& kind);

}  // namespace bitloom
