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

// `files` (a workload top's, from render_workload) written to `dir` unless it holds
// them already (a folder named by the mode may hold an earlier top: it is rewritten);
// returns the RTL files' paths in the manifest's compile order.
std::vector<std::string> cached_rtl(const FileSet& files, const std::string& dir);

}  // namespace bitloom::cli
