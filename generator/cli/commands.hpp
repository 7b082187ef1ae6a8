#pragma once
#include "generator/cli/command.hpp"

namespace bitloom::cli {
int run_validate(const ParsedArgs& args);
int run_generate(const ParsedArgs& args);
int run_sim(const ParsedArgs& args);
int run_synth(const ParsedArgs& args);
int run_flow(const ParsedArgs& args);
int run_compare(const ParsedArgs& args);
int run_accuracy(const ParsedArgs& args);
}  // namespace bitloom::cli
