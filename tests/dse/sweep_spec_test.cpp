// Sweep files: how axes expand into points, and bad sweeps refused at their line.
#include <gtest/gtest.h>

#include <regex>

#include "dse/sweep.hpp"
#include "generator/spec_error.hpp"
#include "tests/dse/dse_test_support.hpp"

namespace bitloom::test {
namespace {

dse::Sweep load(const SweepDir& d, const std::string& text) { return dse::load_sweep(d.write("s.yaml", text)); }

std::string error_of(const SweepDir& d, const std::string& text) {
  try {
    load(d, text);
  } catch (const SpecError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return "";
}

TEST(SweepSpec, AxesMultiplyAndTogetherListsZip) {
  SweepDir d("expand");
  const dse::Sweep s = load(d, "kind: sweep\nname: t\nspecs: [base.yaml]\naxes:\n  pe: [mac, opt1]\n  k_max: {from: 16, to: 64, times: 2}\n"
                               "together:\n  rows: [2, 3]\n  cols: [3, 2]\nflows: [synth, {synth: {clock_ns: [5, 7.5]}}]\n");
  EXPECT_EQ(s.points.size(), 2u * 3 * 2);
  EXPECT_EQ(s.jobs.size(), s.points.size() * 3);
  EXPECT_EQ(s.points[0].label, "base[pe=mac,k_max=16,rows=2,cols=3]");
  EXPECT_EQ(s.points.back().label, "base[pe=opt1,k_max=64,rows=3,cols=2]");
  EXPECT_EQ(s.points.back().params["k_max"], 64);
  EXPECT_NE(s.points.back().spec_text.find("rows: 3"), std::string::npos);
  EXPECT_EQ(s.jobs[s.points.size()].flow.key(), "synth@5");
  // Every job key is distinct, and the same file gives the same keys (the rerun's skip).
  std::set<std::string> keys;
  for (const auto& j : s.jobs) keys.insert(j.key);
  EXPECT_EQ(keys.size(), s.jobs.size());
  EXPECT_EQ(load(d, "kind: sweep\nname: t\nspecs: [base.yaml]\naxes:\n  pe: [mac, opt1]\n  k_max: {from: 16, to: 64, times: 2}\n"
                    "together:\n  rows: [2, 3]\n  cols: [3, 2]\nflows: [synth, {synth: {clock_ns: [5, 7.5]}}]\n")
                .jobs[7].key,
            s.jobs[7].key);
}

TEST(SweepSpec, EachBaseMayHaveAxesOfItsOwn) {
  SweepDir d("per-base");
  d.write("g.yaml", "kind: gelu\nmethod: ibert\nx: {width: 8, frac: 4}\ny: {width: 8, frac: 4}\n");
  const dse::Sweep s = load(d, "kind: sweep\nspecs:\n  - base.yaml\n  - g.yaml: {method: [ibert, relu_minus_delta]}\nflows: [synth, accuracy]\n");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[2].kind, "gelu");
  EXPECT_EQ(s.jobs.size(), 3u + 2u);  // accuracy only where it applies
}

TEST(SweepSpec, BadValueIsRefusedAtItsLine) {
  SweepDir d("bad-value");
  const std::string e = error_of(d, "kind: sweep\nspecs: [base.yaml]\naxes:\n  rows: [2, 0]\nflows: [synth]\n");
  EXPECT_TRUE(std::regex_search(e, std::regex(R"(s\.yaml:4:13: rows\[1\]: point base\[rows=0\] is not a valid spec: rows)"))) << e;
}

TEST(SweepSpec, MalformedSweepsAreRefused) {
  SweepDir d("malformed");
  const std::string head = "kind: sweep\nspecs: [base.yaml]\n";
  EXPECT_NE(error_of(d, head + "flows: [synthesis]\n").find("'synthesis' is not one of"), std::string::npos);
  EXPECT_NE(error_of(d, head + "together:\n  rows: [2, 3]\n  cols: [2]\nflows: [synth]\n").find("need one length"),
            std::string::npos);
  EXPECT_NE(error_of(d, head + "flows: [accuracy]\n").find("flow accuracy applies to none of the points"), std::string::npos);
  EXPECT_NE(error_of(d, head + "axes:\n  rows: {from: 2, to: 4}\nflows: [synth]\n").find("exactly one of step and times"),
            std::string::npos);
  EXPECT_NE(error_of(d, "kind: sweep\nspecs: [nope.yaml]\nflows: [synth]\n").find("no spec file"), std::string::npos);
  EXPECT_NE(error_of(d, head + "flows: [synth]\nflow: [sim]\n").find("unknown key"), std::string::npos);
}

}  // namespace
}  // namespace bitloom::test
