// The spec keys of the GELU and softmax units (kind: gelu | softmax).
#pragma once
#include <string>

#include "generator/spec.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom {

NonlinearConfig read_nonlinear(YamlReader& root, BlockKind kind);

}  // namespace bitloom
