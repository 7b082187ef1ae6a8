// Running a sweep's jobs: the ones without a successful row in the database, on the
// local machine (N at a time) or as one Slurm job array; each finished job's row goes
// into the database at once, so an interrupted sweep loses nothing that finished.
#pragma once
#include <functional>
#include <string>

#include "dse/jobs.hpp"

namespace bitloom::dse {

struct RunSettings {
  int parallel = 1;            // local: jobs at once; slurm: tasks at once (%N), 0 = no limit
  std::string backend = "local";
  std::string partition;       // slurm
  std::string bitloom;         // the binary the jobs run
  bool dry_run = false;        // list the jobs, run nothing
};

struct SweepSummary {
  int jobs = 0, skipped = 0, ok = 0, failed = 0;
  int infeasible = 0;          // schedule modes the resources cannot run
  std::string slurm_job;       // the array job's id
};

SweepSummary run_sweep(const Sweep& s, const SweepPaths& paths, ResultsDb& db, const RunSettings& rs);

// What a backend calls, always in the thread that called it: `finished` for every job
// that ended, `tick` about once a second while jobs run (with the number running).
struct Callbacks {
  std::function<void(const Job&, const Outcome&)> finished;
  std::function<void(int running)> tick;
};

void run_local(const std::vector<const Job*>& jobs, const Sweep& s, const SweepPaths& paths, const RunSettings& rs,
               const Callbacks& cb);
// Returns the array job's id.
std::string run_slurm(const std::vector<const Job*>& jobs, const Sweep& s, const SweepPaths& paths,
                      const RunSettings& rs, const Callbacks& cb);

}  // namespace bitloom::dse
