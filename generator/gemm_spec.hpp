// The spec keys of GEMM arrays (kind: gemm): arch, PE, tree, drain, the arch's shape
// keys, operands and accumulator width.
#pragma once
#include "generator/spec.hpp"
#include "generator/yaml_reader.hpp"

namespace bitloom {

GemmConfig read_gemm(YamlReader& root);

}  // namespace bitloom
