#include "generator/pe_modules.hpp"

#include "generator/arith/booth.hpp"
#include "generator/arith/prefix_adder.hpp"
#include "generator/booth_recoder.hpp"
#include "generator/array_drain.hpp"
#include "generator/carry_save_step.hpp"
#include "generator/step_reference.hpp"
#include "generator/templates.hpp"

namespace bitloom {

bool pe_restarts(const GemmConfig& g) { return !g.weight_stationary() && !g.shift_drain(); }

arith::TreeStats add_digit_step(Design& d, const GemmConfig& g, const std::string& pe_name, int products) {
  const bool mac = g.pe != PeKind::kOpt1;
  const bool restart = pe_restarts(g);
  const StepPorts ports{products, true, !mac, true, restart};
  RecodedStep parts = recoded_step(pe_name + "_step", pe_name + "_recode", g, ports);
  d.modules.push_back(std::move(parts.recoder));
  arith::TreeStats st;
  d.modules.push_back(carry_save_step_module(pe_name + "_step_digits", g, products, &st,
                                             mac ? StepAccumulator::kSum : StepAccumulator::kSumAndCarry, restart));
  d.modules.back().role = "step_digits";  // the checked step is the view below
  d.modules.push_back(std::move(parts.view));
  describe_step(d, g, pe_name + "_step", ports);
  return st;
}

void add_pe_modules(Design& d, const GemmConfig& g, const std::string& stem, int step_products,
                    const std::map<std::string, long long>& extra) {
  const std::string pe_name = g.name + "_pe";
  // Templates: <stem>_<pe>[_shift].v, the shift-drain variant without result registers.
  // Both PE kinds build their arithmetic from a generated step (Booth partial products
  // and the accumulator in one compressor tree); the MAC PE adds its two rows in the loop
  // with a generated prefix adder, the OPT1 PE keeps them as its (sum, carry) pair.
  // Every PE takes a's Booth digits: the array recodes each activation once.
  const std::string tmpl = stem + "_" + name(g.pe) + (g.shift_drain() ? "_shift" : "");
  const bool mac = g.pe != PeKind::kOpt1;
  std::map<std::string, long long> params = extra;
  params["B_WIDTH"] = g.b.width;
  params["C_WIDTH"] = g.c_width;
  params["DIGITS"] = arith::booth_digit_count(g.a.width, g.a.is_signed);
  const arith::TreeStats st = add_digit_step(d, g, pe_name, step_products);
  std::map<std::string, std::string> renames{{tmpl + "_step_digits", pe_name + "_step_digits"}};
  if (mac) {
    d.modules.push_back(arith::prefix_adder_module(pe_name + "_add", g.c_width));
    renames[tmpl + "_add"] = pe_name + "_add";
  }
  d.modules.push_back({pe_name, "pe", specialize_template(tmpl + ".v", pe_name, params, renames)});
  if (!mac) d.modules.push_back(arith::prefix_adder_module(final_adder_name(g), g.c_width));
  d.tree = tree_stats_json(st);
}

void describe_step(Design& d, const GemmConfig& g, const std::string& step, const StepPorts& ports) {
  d.step_reference = step_reference_module(g, step, ports);
  d.params["step_products"] = ports.products;         // products per step
  d.params["step_carry_input"] = ports.carry_input;   // the step takes a carry vector (OPT1)
}

nlohmann::ordered_json tree_stats_json(const arith::TreeStats& st, int trees) {
  nlohmann::ordered_json j = {{"style", st.style == TreeStyle::kFourTwo ? "4:2" : "3:2"}};
  if (trees != 1) j["trees"] = trees;
  j["heap_height"] = st.height;
  j["stages"] = st.stages;
  j["stage_lower_bound"] = st.lower_bound;
  j["full_adders"] = st.full_adders * trees;
  j["half_adders"] = st.half_adders * trees;
  j["four_two_compressors"] = st.four_two * trees;
  return j;
}

Design gemm_design(const GemmConfig& g, const std::string& protocol, std::vector<hw::Stream> streams) {
  Design d;
  d.top = g.name;
  d.kind = BlockKind::kGemm;
  d.protocol = protocol;
  d.streams = std::move(streams);
  d.params = gemm_params(g);
  return d;
}

nlohmann::ordered_json gemm_params(const GemmConfig& g) {
  nlohmann::ordered_json p = {{"arch", name(g.arch)},         {"pe", name(g.pe)}, {"tree", name(g.tree)},
          {"rows", g.rows},         {"cols", g.cols},
          {"k_per_beat", g.k_per_beat},
          {"a_width", g.a.width},   {"a_signed", g.a.is_signed},
          {"b_width", g.b.width},   {"b_signed", g.b.is_signed},
          {"c_width", g.c_width},   {"c_signed", g.c_signed()},
          {"k_max", g.k_max},       {"c_width_explicit", g.c_width_explicit}};
  if (!g.weight_stationary()) {
    p["drain"] = name(g.drain);  // where results wait: overlap | shift
    // Activations per sparse-serial encoder group; 0: the array takes one beat per cycle.
    p["sparse_group"] = g.pe == PeKind::kSparseSerial ? g.group : 0;
  }
  return p;
}

}  // namespace bitloom
