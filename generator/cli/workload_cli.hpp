// What the commands that take a kind: workload spec share (generate, sim, synth): the
// modes --mode names, and the generated top's files kept in a work folder.
#pragma once
#include <string>
#include <vector>

#include "generator/cli/command.hpp"
#include "generator/emit.hpp"
#include "generator/workload/workload.hpp"

namespace bitloom::cli {

// The modes --mode names: spec (the spec's own, the default), sequential, dataflow,
// intar, and with `all_allowed` also all three. Throws std::invalid_argument otherwise.
std::vector<workload::Mode> workload_modes(const ParsedArgs& args, const workload::Workload& w, bool all_allowed);

// A key of `files` (12 hex digits of their SHA-256, names and contents): a folder named
// by it holds these files and no others.
std::string files_key(const FileSet& files);

// `files` (a workload top's, from render_workload) written to `dir` unless they are
// there already (the caller keys `dir` by their bytes: files_key); returns the RTL files'
// paths in the manifest's compile order.
std::vector<std::string> cached_rtl(const FileSet& files, const std::string& dir);

}  // namespace bitloom::cli
