// The results database on its own: rows in and out, the rerun check, merging two files,
// and the CSV export's quoting.
#include <gtest/gtest.h>

#include "dse/report_html.hpp"
#include "dse/results_db.hpp"
#include "tests/dse/dse_test_support.hpp"

namespace bitloom::test {
namespace {

dse::ResultRow run(const std::string& key, const std::string& status, double area) {
  dse::ResultRow r;
  r.columns = {{"job_key", key}, {"sweep", "s"}, {"point", "p[a=1,b=\"x\"]"}, {"point_index", 0}, {"flow", "synth"},
               {"status", status}, {"area_um2", area}, {"spec_text", "kind: gemm\nrows: 2\n"}};
  return r;
}

TEST(ResultsDb, RowsRerunsAndMerges) {
  SweepDir d("db");
  {
    dse::ResultsDb a(d.path("a.db"));
    a.put(run("k1", "ok", 10));
    a.put(run("k2", "failed", 0));
    EXPECT_TRUE(a.done("k1"));
    EXPECT_FALSE(a.done("k2"));  // failed runs are run again
    EXPECT_FALSE(a.done("k3"));
    a.put(run("k2", "ok", 20));  // the rerun replaces the row
    EXPECT_TRUE(a.done("k2"));
    EXPECT_EQ(a.rows().size(), 2u);
  }
  {
    dse::ResultsDb b(d.path("b.db"));
    b.put(run("k2", "ok", 30));
    b.put(run("k3", "ok", 40));
  }
  dse::ResultsDb a(d.path("a.db"));
  a.merge(d.path("b.db"));
  const auto rows = a.rows("job_key");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].columns["area_um2"], 30.0);  // the merged file's row replaced k2
  EXPECT_THROW(a.merge(d.path("nope.db")), std::invalid_argument);
  EXPECT_EQ(a.rows().size(), 3u);
}

TEST(ResultsDb, CsvQuotesWhatNeedsIt) {
  SweepDir d("csv");
  dse::ResultsDb db(d.path("r.db"));
  db.put(run("k1", "ok", 1.5));
  const std::string csv = dse::results_csv(db);
  EXPECT_EQ(csv.rfind("job_key,sweep,", 0), 0u);
  EXPECT_NE(csv.find("\"p[a=1,b=\"\"x\"\"]\""), std::string::npos) << csv;     // comma and quotes
  EXPECT_NE(csv.find("\"kind: gemm\nrows: 2\n\""), std::string::npos);         // newlines
  EXPECT_EQ(dse::results_json(db)["runs"][0]["area_um2"], 1.5);
}

}  // namespace
}  // namespace bitloom::test
