#include "generator/pe_modules.hpp"

#include "generator/arith/prefix_adder.hpp"
#include "generator/array_drain.hpp"
#include "generator/carry_save_step.hpp"
#include "generator/templates.hpp"

namespace bitloom {

void add_pe_modules(Design& d, const GemmConfig& g, const std::string& stem, int step_products,
                    const std::map<std::string, long long>& extra) {
  const std::string pe_name = g.name + "_pe";
  std::map<std::string, long long> params = extra;
  params["A_WIDTH"] = g.a.width;
  params["B_WIDTH"] = g.b.width;
  params["C_WIDTH"] = g.c_width;
  if (g.pe != "opt1") {
    // The MAC templates take signedness as parameters; OPT1 builds it into its step.
    params["A_SIGNED"] = g.a.is_signed;
    params["B_SIGNED"] = g.b.is_signed;
    d.modules.push_back({pe_name, "pe", specialize_template(stem + "_mac.v", pe_name, params)});
    return;
  }
  arith::TreeStats st;
  d.modules.push_back(carry_save_step_module(pe_name + "_step", g, step_products, &st));
  d.modules.push_back({pe_name, "pe",
                       specialize_template(stem + "_opt1.v", pe_name, params,
                                           {{stem + "_opt1_step", pe_name + "_step"}})});
  d.modules.push_back(arith::prefix_adder_module(final_adder_name(g), g.c_width));
  d.tree = {{"style", g.tree == "four_two" ? "4:2" : "3:2"},
            {"heap_height", st.height},
            {"stages", st.stages},
            {"stage_lower_bound", st.lower_bound},
            {"full_adders", st.full_adders},
            {"half_adders", st.half_adders},
            {"four_two_compressors", st.four_two}};
  d.params["step_products"] = step_products;  // products per carry-save step
}

nlohmann::ordered_json gemm_params(const GemmConfig& g) {
  return {{"arch", g.arch},         {"pe", g.pe}, {"tree", g.tree},
          {"rows", g.rows},         {"cols", g.cols},
          {"k_per_beat", g.k_per_beat},
          {"a_width", g.a.width},   {"a_signed", g.a.is_signed},
          {"b_width", g.b.width},   {"b_signed", g.b.is_signed},
          {"c_width", g.c_width},   {"c_signed", g.c_signed()},
          {"k_max", g.k_max},       {"c_width_explicit", g.c_width_explicit}};
}

}  // namespace bitloom
