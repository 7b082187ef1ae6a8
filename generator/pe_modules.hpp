// What every GEMM array design shares: its PE modules (the MAC template, or the OPT1
// step + template + final adder) and the parameter block of its manifest.
#pragma once
#include <map>
#include <string>

#include "generator/design.hpp"

namespace bitloom {

// Appends the PE's modules to d.modules (leaves first) and, for OPT1, sets d.tree.
// `stem` names the templates: "<stem>_mac.v" / "<stem>_opt1.v" ("os_pe", "ws_pe", ...).
// `extra` adds template parameters beyond the operand and accumulator widths.
void add_pe_modules(Design& d, const GemmConfig& g, const std::string& stem, int step_products,
                    const std::map<std::string, long long>& extra = {});

// The manifest/params.hpp block every GEMM design carries.
nlohmann::ordered_json gemm_params(const GemmConfig& g);

}  // namespace bitloom
