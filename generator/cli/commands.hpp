// The subcommands: each cmd_*.cpp holds its command's table entry (name, usage,
// options, help text) beside the function that runs it; all_commands() lists them.
#pragma once
#include "generator/cli/command.hpp"

namespace bitloom::cli {

// Options several commands share.
inline const Option kLiberty{"--liberty", "PATH",
                             "cell library (.lib or .lib.gz); default: Debian's osu018"};
inline const Option kWork{"--work", "DIR", "folder for builds and tool runs (default: ./build/work)"};
inline const Option kClock{"--clock-ns", "NS", "clock period for timing-driven mapping and STA"};
inline const Option kFlat{"--flat", "", "flatten before synthesis (default: hierarchical)"};
inline const Option kJson{"--json", "PATH", "also write the JSON report here"};
inline const Option kSeed{"--seed", "N", "random seed for the regression (default: 1)"};
inline const Option kRtl{"--rtl", "", "synthesize the Verilog files given as arguments instead of a spec"};
inline const Option kTop{"--top", "NAME", "top module of the --rtl files"};
inline const Option kParam{"--param", "NAME=VALUE", "override a parameter of the --rtl top", true};
inline const Option kFlattenBelow{"--flatten-below", "MODULE",
                                  "flatten MODULE's submodules into it before synthesis (--rtl)", true};
inline const Option kMacs{"--macs-per-cycle", "N", "useful MACs per cycle of the --rtl design (for area efficiency)"};
inline const Option kClockPort{"--clock", "PORT", "clock port of the --rtl top (default: clk); a missing one is an error"};

Command validate_command();
Command generate_command();
Command sim_command();
Command synth_command();
Command compare_command();
Command accuracy_command();
Command flow_command();
Command schedule_command();
Command sweep_command();
Command results_command();
Command report_command();

int run_validate(const ParsedArgs& args);
int run_generate(const ParsedArgs& args);
int run_sim(const ParsedArgs& args);
// `sim` on a kind: workload spec (sim_workload.cpp).
int run_sim_workload(const ParsedArgs& args, const std::string& text);
int run_synth(const ParsedArgs& args);
int run_flow(const ParsedArgs& args);
int run_compare(const ParsedArgs& args);
int run_accuracy(const ParsedArgs& args);
int run_schedule(const ParsedArgs& args);
int run_sweep(const ParsedArgs& args);
int run_results(const ParsedArgs& args);
int run_report(const ParsedArgs& args);
}  // namespace bitloom::cli
