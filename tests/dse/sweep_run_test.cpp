// Sweeps for real (Yosys on 2x2 arrays): every job lands in the database with its
// figures; a rerun runs nothing; a sweep killed midway and rerun recomputes nothing that
// had finished and loses nothing. Through Slurm: the same rows as the local backend.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "dse/results_db.hpp"
#include "generator/process.hpp"
#include "tests/dse/dse_test_support.hpp"

namespace bitloom::test {
namespace {

using json = nlohmann::ordered_json;

const char* kSweep = "kind: sweep\nname: run_test\nspecs: [base.yaml]\naxes:\n  pe: [mac, opt1]\n  rows: [2, 3]\n"
                     "flows: [synth, {synth: {clock_ns: [5]}}]\n";

int sweep(const SweepDir& d, const std::string& db, const std::string& work, const std::string& extra = "") {
  const std::string cmd = std::string(BITLOOM_BINARY) + " sweep " + d.path("s.yaml") + " --db " + db + " --work " + work +
                          " " + extra + " > " + d.path("out.txt") + " 2>&1";
  return WEXITSTATUS(std::system(cmd.c_str()));
}

std::map<std::string, json> rows_by_key(const std::string& db) {
  std::map<std::string, json> out;
  for (const auto& r : dse::ResultsDb(db).rows()) out[r.columns["job_key"].get<std::string>()] = r.columns;
  return out;
}

TEST(SweepRun, RunsEveryJobAndARerunRunsNone) {
  SweepDir d("run");
  d.write("s.yaml", kSweep);
  ASSERT_EQ(sweep(d, d.path("r.db"), d.path("work"), "--jobs 2"), 0);
  // Not a terminal: a plain line per finished job.
  EXPECT_NE(read_text_file(d.path("out.txt")).find("sweep: [8/8] done"), std::string::npos);
  const auto rows = rows_by_key(d.path("r.db"));
  ASSERT_EQ(rows.size(), 8u);
  for (const auto& [k, r] : rows) {
    EXPECT_EQ(r["status"], "ok") << r["point"];
    EXPECT_GT(r["area_um2"].get<double>(), 0) << r["point"];
    EXPECT_EQ(r["yosys_version"].get<std::string>().rfind("Yosys", 0), 0u);
    EXPECT_EQ(r["liberty"], "osu018_stdcells");
    if (r["flow"] == "synth@5") {
      EXPECT_TRUE(r["worst_slack_ns"].is_number());
    }
  }
  ASSERT_EQ(sweep(d, d.path("r.db"), d.path("work")), 0);
  EXPECT_NE(read_text_file(d.path("out.txt")).find("8 already in the database, 0 ran ok"), std::string::npos);
  EXPECT_EQ(rows_by_key(d.path("r.db")), rows);
}

TEST(SweepRun, AKilledSweepGoesOnWhereItStopped) {
  SweepDir d("kill");
  d.write("s.yaml", kSweep);
  const std::string db = d.path("r.db");
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    execl(BITLOOM_BINARY, BITLOOM_BINARY, "sweep", d.path("s.yaml").c_str(), "--db", db.c_str(), "--work",
          d.path("work").c_str(), "--jobs", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait for two finished runs, then interrupt it as Ctrl-C would.
  for (int i = 0; i < 600 && (!std::filesystem::exists(db) || rows_by_key(db).size() < 2); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(-pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  const auto before = rows_by_key(db);
  ASSERT_GE(before.size(), 2u);
  ASSERT_LT(before.size(), 8u) << "the sweep finished before it could be interrupted";
  ASSERT_EQ(sweep(d, db, d.path("work")), 0);
  const auto after = rows_by_key(db);
  EXPECT_EQ(after.size(), 8u);
  for (const auto& [k, r] : before) EXPECT_EQ(after.at(k), r) << "recomputed: " << r["point"] << " " << r["flow"];
}

// The Slurm backend gives the rows the local one gives, but for when, where and how long.
TEST(SweepSlurm, SameRowsAsTheLocalBackend) {
  const std::string up = std::string(BITLOOM_SOURCE) + "/scripts/slurm-local.sh start > /dev/null";
  ASSERT_EQ(std::system(up.c_str()), 0) << "could not bring up the local Slurm cluster";
  setenv("SLURM_CONF", (std::string(std::getenv("BITLOOM_SLURM_DIR") ? std::getenv("BITLOOM_SLURM_DIR") : "/tmp/bitloom-slurm") +
                        "/slurm.conf").c_str(), 1);
  SweepDir d("slurm");
  d.write("s.yaml", kSweep);
  // One work folder, emptied between the two runs: paths in the reports agree, nothing is reused.
  ASSERT_EQ(sweep(d, d.path("local.db"), d.path("work")), 0);
  std::filesystem::remove_all(d.path("work"));
  ASSERT_EQ(sweep(d, d.path("slurm.db"), d.path("work"), "--backend slurm"), 0) << read_text_file(d.path("out.txt"));
  const auto local = rows_by_key(d.path("local.db")), slurm = rows_by_key(d.path("slurm.db"));
  ASSERT_EQ(local.size(), 8u);
  ASSERT_EQ(slurm.size(), 8u);
  for (auto [k, a] : local) {
    json b = slurm.at(k);
    EXPECT_EQ(a["backend"], "local");
    EXPECT_EQ(b["backend"].get<std::string>().rfind("slurm ", 0), 0u);
    for (const char* timing : {"wall_seconds", "tool_seconds", "host", "backend", "finished_at"}) a.erase(timing), b.erase(timing);
    EXPECT_EQ(a, b) << k;
  }
}

}  // namespace
}  // namespace bitloom::test
