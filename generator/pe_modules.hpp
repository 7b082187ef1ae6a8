// What every GEMM array design shares: its PE modules (the MAC template, or the OPT1
// step + template + final adder), the parameter block of its manifest and the empty
// design that carries them.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "generator/arith/compressor_tree.hpp"
#include "generator/design.hpp"
#include "generator/step_reference.hpp"

namespace bitloom {

// Whether the array's PEs restart their accumulator on a tile's first beat (`first`,
// gated inside the step: restart_i): every array but the weight-stationary one (partial
// sums come from above), and no shift drain (zeros come in from below).
bool pe_restarts(const GemmConfig& g);

// Appends the PE's modules to d.modules (leaves first) and, for OPT1, sets d.tree.
// `stem` names the templates: "<stem>_mac.v" / "<stem>_opt1.v" ("os_pe", "ws_pe", ...).
// `extra` adds template parameters beyond the operand and accumulator widths.
// The PE takes a's Booth digits (add_digit_step): the array recodes each activation once,
// where it enters a row of PEs (OS, WS) or before it is broadcast to one (cube).
void add_pe_modules(Design& d, const GemmConfig& g, const std::string& stem, int step_products,
                    const std::map<std::string, long long>& extra = {});

// A PE step that takes a's Booth digits: <pe>_recode (the array's recoder, one per
// activation), <pe>_step_digits (what the PE instantiates) and <pe>_step, the two joined
// with a by value for the exhaustive step check and the proof (described here).
// Returns the tree's statistics.
arith::TreeStats add_digit_step(Design& d, const GemmConfig& g, const std::string& pe_name, int products);

// The facts of a design's step module: the formal proof's reference and the
// step_products / step_carry_input parameters the exhaustive step check reads.
void describe_step(Design& d, const GemmConfig& g, const std::string& step, const StepPorts& ports);

// Compressor-tree statistics as the manifest lists them; `trees` identical trees count
// their adders together (and are named).
nlohmann::ordered_json tree_stats_json(const arith::TreeStats& st, int trees = 1);

// The manifest/params.hpp block every GEMM design carries.
nlohmann::ordered_json gemm_params(const GemmConfig& g);

// A GEMM design without modules yet: top, kind, `protocol`, `streams` and gemm_params.
Design gemm_design(const GemmConfig& g, const std::string& protocol, std::vector<hw::Stream> streams);

}  // namespace bitloom
