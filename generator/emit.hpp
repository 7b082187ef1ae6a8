// Emitters: the IR becomes Verilog files, manifest.json and a C++ parameter header,
// all deterministic (same spec bytes, same output bytes).
#pragma once
#include <map>
#include <stdexcept>
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// Relative path -> contents.
using FileSet = std::map<std::string, std::string>;

FileSet render_design(const Spec& spec, const Design& design);

// Makes `dir` hold exactly `files`: they are written to a fresh folder beside `dir`,
// which replaces `dir` only once complete. After a failure `dir` is as it was. A `dir`
// that is neither empty nor an earlier bitloom output is refused (OutputFolderError).
void write_file_set(const std::string& dir, const FileSet& files);

// True when every file of `files` is in `dir` with exactly its bytes (a complete,
// matching cache entry).
bool file_set_present(const std::string& dir, const FileSet& files);

// A folder bitloom will not overwrite: the user's mistake, not a tool failure.
class OutputFolderError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Name of the C++ header of parameters inside an output folder.
inline constexpr const char* kParamsHeader = "params.hpp";

}  // namespace bitloom
