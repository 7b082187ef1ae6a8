// One job of a sweep (a point and a flow) as something to run: its files in the sweep's
// folder, the bitloom command line, and the database row made from what it left behind.
// Both backends run the same command and build the row the same way.
#pragma once
#include <string>
#include <vector>

#include "dse/results_db.hpp"
#include "dse/sweep.hpp"

namespace bitloom::dse {

struct SweepPaths {
  std::string root;   // WORK/sweeps/<name>
  std::string work;   // the bitloom work folder the jobs share
  std::string spec(const Point& p) const { return root + "/points/" + p.sha256.substr(0, 16) + ".yaml"; }
  std::string result(const Job& j) const { return root + "/results/" + j.key.substr(0, 16) + ".json"; }
  std::string log(const Job& j) const { return root + "/logs/" + j.key.substr(0, 16) + ".log"; }
  std::string status(const Job& j) const { return root + "/status/" + j.key.substr(0, 16); }
};

// Writes every point's spec file (unchanged files are left alone).
void write_points(const Sweep& s, const SweepPaths& paths);

// The bitloom command that runs `job` (argv[0] is `bitloom`, the running binary).
std::vector<std::string> job_command(const Sweep& s, const Job& job, const SweepPaths& paths, const std::string& bitloom);

// What a finished job's run looked like, as its status file records it.
struct Outcome {
  int exit_code = -1;
  double wall_seconds = 0;
  std::string host;
  std::string backend;       // local | slurm
  std::string slurm_job;     // array job and task id, for slurm
};
std::string outcome_line(const Outcome& o);                      // the status file's one line
bool read_outcome(const std::string& status_file, Outcome& o);   // false while not finished

struct ToolVersions {
  std::string bitloom, yosys, verilator, opensta;
};
ToolVersions tool_versions();

// The row for a finished job: the point, the flow, the outcome, and every figure of its
// report (timing-only fields of the report go to tool_seconds, not report_json).
ResultRow job_row(const Sweep& s, const Job& job, const SweepPaths& paths, const Outcome& o, const ToolVersions& v);

}  // namespace bitloom::dse
