// Emitters: the IR becomes Verilog files, manifest.json and a C++ parameter header,
// all deterministic (same spec bytes, same output bytes).
#pragma once
#include <map>
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// Relative path -> contents.
using FileSet = std::map<std::string, std::string>;

FileSet render_design(const Spec& spec, const Design& design);

// Writes `files` under `dir` so that either all of them appear or none do: they are
// written to a scratch folder beside `dir` first and moved into place at the end.
void write_file_set(const std::string& dir, const FileSet& files);

// Name of the C++ header of parameters inside an output folder.
inline constexpr const char* kParamsHeader = "params.hpp";

}  // namespace bitloom
