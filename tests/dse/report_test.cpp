// The HTML report, loaded in headless chromium: no console messages, one mark per data
// point in the plots, links to every spec and log, and a screenshot with something on it.
#include <gtest/gtest.h>

#include "dse/report_html.hpp"
#include "tests/dse/browser.hpp"
#include "tests/dse/dse_test_support.hpp"

namespace bitloom::test {
namespace {

using json = nlohmann::ordered_json;

dse::ResultRow row(const std::string& key, const std::string& flow, json figures) {
  dse::ResultRow r;
  r.columns = {{"job_key", key + std::string(64 - key.size(), '0')}, {"sweep", "t"}, {"point", "p" + key}, {"point_index", 0},
               {"spec_sha256", key + std::string(64 - key.size(), 'a')}, {"spec_text", "kind: gemm\n"}, {"flow", flow},
               {"status", "ok"}, {"log_path", "/nonexistent/" + key + ".log"}};
  for (auto& [k, v] : figures.items()) r.columns[k] = v;
  return r;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

void fill(dse::ResultsDb& db) {
  // Four fmax points of two PE kinds (two bars of best efficiency), three accuracy points
  // (three table-size marks; two with an area too), and three workload modes.
  int i = 0;
  for (const char* pe : {"mac", "opt1"})
    for (double f : {200.0, 300.0})
      db.put(row("f" + std::to_string(i++), "fmax",
                 {{"kind", "gemm"}, {"arch", "systolic_os"}, {"pe", pe}, {"fmax_mhz", f}, {"area_um2", 1e5 * f / 100},
                  {"area_efficiency_gmacs_mm2", f / 10}}));
  for (const char* m : {"ibert", "lut", "online_base2"})
    db.put(row(std::string("a") + m[0], "accuracy",
               {{"kind", "softmax"}, {"method", m}, {"max_error_lsb", 0.6}, {"table_bits", 100}}));
  // Area runs of two of those specs (same spec hash, another flow).
  db.put(row("si", "synth", {{"kind", "softmax"}, {"method", "ibert"}, {"area_um2", 5e4}, {"spec_sha256", "ai" + std::string(62, 'a')}}));
  db.put(row("sl", "synth", {{"kind", "softmax"}, {"method", "lut"}, {"area_um2", 6e4}, {"spec_sha256", "al" + std::string(62, 'a')}}));
  // Two area-only runs (area against size) and two at a clock (area against period).
  db.put(row("s4", "synth", {{"kind", "gemm"}, {"arch", "systolic_os"}, {"pe", "mac"}, {"macs_per_cycle", 16}, {"area_um2", 4e5}}));
  db.put(row("s8", "synth", {{"kind", "gemm"}, {"arch", "systolic_os"}, {"pe", "mac"}, {"macs_per_cycle", 64}, {"area_um2", 1.6e6}}));
  db.put(row("c5", "synth@5", {{"kind", "gemm"}, {"clock_ns", 5.0}, {"area_um2", 4.4e5}, {"timing_met", 1}}));
  db.put(row("c9", "synth@9", {{"kind", "gemm"}, {"clock_ns", 9.0}, {"area_um2", 4.1e5}, {"timing_met", 1}}));
  for (const char* m : {"sequential", "dataflow", "intar"})
    db.put(row(std::string("w") + m[0], std::string("schedule:") + m, {{"kind", "workload"}, {"mode", m}, {"cycles", 1000}}));
}

TEST(Report, LoadsCleanlyInChromiumWithEveryPoint) {
  SweepDir d("report");
  dse::ResultsDb db(d.path("r.db"));
  fill(db);
  const std::string page = dse::write_report(db, d.path("out"));
  const PageLoad p = load_page(page);
  ASSERT_TRUE(p.loaded);
  EXPECT_EQ(p.console, "");
  // 4 fmax points + 2 bars + 2 size points + 2 clock points + 3 table-size points + 2
  // area points (the accuracy runs with a synth run) + 3 mode bars.
  EXPECT_EQ(count(p.dom, "class=\"point\""), 4u + 2 + 2 + 2 + 3 + 2 + 3);
  EXPECT_EQ(count(p.dom, "class=\"front\""), 1u);  // the Pareto front
  EXPECT_EQ(count(p.dom, ">spec</a>"), 16u);  // one per run in the table
  EXPECT_TRUE(std::filesystem::exists(d.path("out/specs/f0aaaaaaaaaaaaaa.yaml")));
  const Screenshot s = screenshot(page, d.path("shot.png"));
  ASSERT_EQ(s.error, "");
  EXPECT_EQ(s.width, 1400);
  EXPECT_GT(s.non_white, 0.01 * s.width * s.height);
  EXPECT_GT(s.colours, 5);
}

// The console check can fail: a page whose script throws is caught.
TEST(Report, BrowserCheckSeesAScriptError) {
  SweepDir d("report-bad");
  const PageLoad p = load_page(d.write("bad.html", "<html><body><script>no_such_function();</script></body></html>"));
  EXPECT_NE(p.console.find("no_such_function"), std::string::npos) << p.console;
}

}  // namespace
}  // namespace bitloom::test
