#include "dse/run_sweep.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>

namespace bitloom::dse {

namespace {

// Progress: a redrawn bar on a terminal, a plain line per finished job otherwise.
class Progress {
 public:
  Progress(int total) : total_(total), tty_(isatty(STDERR_FILENO)), t0_(std::chrono::steady_clock::now()) {}
  void finished(const std::string& what, bool ok) {
    ++done_;
    failed_ += !ok;
    if (!tty_) fmt::print(stderr, "sweep: [{}/{}] {} {}\n", done_, total_, ok ? "done" : "FAILED", what);
    else draw();
  }
  void tick(int running) {
    running_ = running;
    if (tty_) draw();
  }
  void end() {
    if (tty_) fmt::print(stderr, "\n");
  }

 private:
  void draw() {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    const int width = 30, filled = total_ ? width * done_ / total_ : width;
    const std::string eta = done_ ? fmt::format("~{:.0f} s left", s / done_ * (total_ - done_)) : "";
    fmt::print(stderr, "\r[{}{}] {}/{} done, {} running, {} failed, {:.0f} s {}   ", std::string(filled, '#'),
               std::string(width - filled, '.'), done_, total_, running_, failed_, s, eta);
  }
  int total_, done_ = 0, failed_ = 0, running_ = 0;
  bool tty_;
  std::chrono::steady_clock::time_point t0_;
};

}  // namespace

SweepSummary run_sweep(const Sweep& s, const SweepPaths& paths, ResultsDb& db, const RunSettings& rs) {
  SweepSummary sum;
  sum.jobs = static_cast<int>(s.jobs.size());
  std::vector<const Job*> pending;
  for (const Job& j : s.jobs)
    if (db.done(j.key)) ++sum.skipped;
    else pending.push_back(&j);
  if (rs.dry_run || pending.empty()) return sum;
  write_points(s, paths);
  const ToolVersions versions = tool_versions();
  Progress progress(static_cast<int>(pending.size()));
  Callbacks cb;
  cb.finished = [&](const Job& job, const Outcome& o) {
    const ResultRow row = job_row(s, job, paths, o, versions);
    db.put(row);
    const std::string status = row.columns["status"];
    (status == "ok" ? sum.ok : status == "infeasible" ? sum.infeasible : sum.failed) += 1;
    progress.finished(fmt::format("{} {}{}", job.point->label, job.flow.key(),
                                  o.exit_code == 0 ? "" : fmt::format(" (exit {}; log {}{})", o.exit_code, paths.log(job),
                                                                      o.slurm_job.empty() ? "" : "; slurm " + o.slurm_job)),
                      status != "failed" && status != "crashed");
  };
  cb.tick = [&](int running) { progress.tick(running); };
  if (rs.backend == "slurm") sum.slurm_job = run_slurm(pending, s, paths, rs, cb);
  else run_local(pending, s, paths, rs, cb);
  progress.end();
  return sum;
}

}  // namespace bitloom::dse
