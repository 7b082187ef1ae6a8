// The bit-exact models' integer data as JSON: the generator writes it into params.hpp,
// test benches read it back, so both evaluate the very tables the RTL holds.
#pragma once
#include <nlohmann/json.hpp>

#include "generator/nonlinear/gelu_model.hpp"
#include "generator/nonlinear/poly_table.hpp"

namespace bitloom {

inline nlohmann::ordered_json to_json(const PolyTable& t) {
  return {{"in_bits", t.in_bits},   {"in_frac", t.in_frac},         {"block_bits", t.block_bits},
          {"degree", t.degree},     {"frac", t.frac},               {"block_shift", t.block_shift},
          {"block_base", t.block_base}, {"coef", t.coef}};
}

inline PolyTable poly_table_from_json(const nlohmann::json& j) {
  PolyTable t;
  t.in_bits = j.at("in_bits");
  t.in_frac = j.at("in_frac");
  t.block_bits = j.at("block_bits");
  t.degree = j.at("degree");
  t.frac = j.at("frac");
  t.block_shift = j.at("block_shift").get<std::vector<int>>();
  t.block_base = j.at("block_base").get<std::vector<int>>();
  t.coef = j.at("coef").get<std::vector<int64_t>>();
  return t;
}

inline nlohmann::ordered_json to_json(const GeluModel& m) {
  nlohmann::ordered_json j = {{"method", name(m.method)},
                              {"x", {m.x.width, m.x.frac}},
                              {"y", {m.y.width, m.y.frac}}};
  if (m.method == Method::kIbert) {
    j["ibert"] = {m.b_int, m.c_int, m.erf_shift, m.one_int, m.out_mult, m.out_shift};
  } else {
    j["frac"] = m.frac;
    j["delta"] = to_json(m.delta);
  }
  return j;
}

inline GeluModel gelu_model_from_json(const nlohmann::json& j) {
  GeluModel m;
  m.method = kind_from_name<Method>(j.at("method").get<std::string>()).value();
  m.x = {j.at("x")[0], j.at("x")[1]};
  m.y = {j.at("y")[0], j.at("y")[1]};
  if (m.method == Method::kIbert) {
    const auto& c = j.at("ibert");
    m.b_int = c[0];
    m.c_int = c[1];
    m.erf_shift = c[2];
    m.one_int = c[3];
    m.out_mult = c[4];
    m.out_shift = c[5];
  } else {
    m.frac = j.at("frac");
    m.delta = poly_table_from_json(j.at("delta"));
  }
  return m;
}

}  // namespace bitloom

#include "generator/nonlinear/softmax_model.hpp"

namespace bitloom {

inline nlohmann::ordered_json to_json(const SoftmaxModel& m) {
  nlohmann::ordered_json j = {{"method", name(m.method)}, {"lanes", m.lanes}, {"max_len", m.max_len},
                              {"x", {m.x.width, m.x.frac}}, {"y", {m.y.width, m.y.frac}}};
  if (m.method == Method::kOnlineBase2) {
    j["v"] = {m.l2e, m.l2e_shift, m.v_frac};
    j["sum"] = {m.sum_frac, m.sum_width, m.mant_frac, m.recip_frac, m.newton ? 1 : 0};
    j["exp2"] = to_json(m.exp2);
    j["recip"] = to_json(m.recip);
  } else if (m.method == Method::kIbert) {
    j["ibert"] = {m.ln2_int, m.poly_b, m.poly_c, m.exp_shift};
  } else {
    j["lut"] = {m.lut_exp_shift, m.lut_inv_shift, m.lut_frac};
    j["lut_exp"] = m.lut_exp;
    j["lut_inv"] = m.lut_inv;
  }
  return j;
}

inline SoftmaxModel softmax_model_from_json(const nlohmann::json& j) {
  SoftmaxModel m;
  m.method = kind_from_name<Method>(j.at("method").get<std::string>()).value();
  m.lanes = j.at("lanes");
  m.max_len = j.at("max_len");
  m.x = {j.at("x")[0], j.at("x")[1]};
  m.y = {j.at("y")[0], j.at("y")[1]};
  if (m.method == Method::kOnlineBase2) {
    m.l2e = j.at("v")[0];
    m.l2e_shift = j.at("v")[1];
    m.v_frac = j.at("v")[2];
    const auto& s = j.at("sum");
    m.sum_frac = s[0];
    m.sum_width = s[1];
    m.mant_frac = s[2];
    m.recip_frac = s[3];
    m.newton = s[4].get<int>() != 0;
    m.exp2 = poly_table_from_json(j.at("exp2"));
    m.recip = poly_table_from_json(j.at("recip"));
  } else if (m.method == Method::kIbert) {
    const auto& c = j.at("ibert");
    m.ln2_int = c[0];
    m.poly_b = c[1];
    m.poly_c = c[2];
    m.exp_shift = c[3];
  } else {
    m.lut_exp_shift = j.at("lut")[0];
    m.lut_inv_shift = j.at("lut")[1];
    m.lut_frac = j.at("lut")[2];
    m.lut_exp = j.at("lut_exp").get<std::vector<int64_t>>();
    m.lut_inv = j.at("lut_inv").get<std::vector<int64_t>>();
  }
  return m;
}

}  // namespace bitloom
