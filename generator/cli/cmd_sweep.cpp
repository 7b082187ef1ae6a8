#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "dse/report_html.hpp"
#include "dse/run_sweep.hpp"
#include "generator/cli/commands.hpp"
#include "generator/process.hpp"
#include "generator/workspace.hpp"

namespace bitloom::cli {

namespace {

std::string self_binary() { return std::filesystem::canonical("/proc/self/exe").string(); }

}  // namespace

int run_sweep(const ParsedArgs& args) {
  const std::string backend = args.get("--backend", "local");
  if (backend != "local" && backend != "slurm")
    throw std::invalid_argument(fmt::format("--backend '{}' is not one of: local, slurm", backend));
  if (args.has("--partition") && backend != "slurm") throw std::invalid_argument("--partition applies to --backend slurm");
  dse::RunSettings rs;
  rs.backend = backend;
  rs.partition = args.get("--partition");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  rs.parallel = static_cast<int>(args.unsigned_integer("--jobs", backend == "slurm" ? 0 : cores, 0, 4096));
  if (backend == "local" && rs.parallel == 0) throw std::invalid_argument("--jobs must be at least 1");
  rs.dry_run = args.has("--dry-run");
  rs.bitloom = self_binary();
  const dse::Sweep s = dse::load_sweep(args.positional[0]);
  dse::SweepPaths paths;
  paths.work = std::filesystem::absolute(args.get("--work", default_work_root())).string();
  paths.root = paths.work + "/sweeps/" + s.name;
  const std::string db_path = args.get("--db", "results.db");
  dse::ResultsDb db(db_path);
  fmt::print("sweep {}: {} points, {} jobs; results in {}\n", s.name, s.points.size(), s.jobs.size(), db_path);
  std::fflush(stdout);  // before the progress lines on stderr
  if (rs.dry_run) {
    for (const dse::Job& j : s.jobs)
      fmt::print("  {} {} {}\n", db.done(j.key) ? "done" : "todo", j.point->label, j.flow.key());
    return kExitOk;
  }
  const dse::SweepSummary sum = dse::run_sweep(s, paths, db, rs);
  fmt::print("sweep {}: {} jobs: {} already in the database, {} ran ok, {} failed{}{}\n", s.name, sum.jobs, sum.skipped,
             sum.ok, sum.failed, sum.infeasible ? fmt::format(", {} not possible (schedule modes)", sum.infeasible) : "",
             sum.slurm_job.empty() ? "" : fmt::format(" (slurm job {})", sum.slurm_job));
  return sum.failed == 0 ? kExitOk : kExitFailure;
}

Command sweep_command() {
  return {"sweep", "SWEEP.yaml [--jobs N] [--backend local|slurm]",
          "run a design-space sweep into a results database",
          "Expands SWEEP.yaml (kind: sweep: base specs, axes of values for their keys, flows) into\n"
          "points, validates every point as a spec, and runs each flow on each point: synth (area\n"
          "or at a clock), fmax, sim, accuracy, schedule. Each finished run is written to the\n"
          "SQLite database at once; a rerun skips what is there, so an interrupted sweep goes on\n"
          "where it stopped. Jobs run N at a time on this machine, or as one Slurm job array\n"
          "(--backend slurm; the work folder must be on a file system the nodes share).",
          {{"--db", "PATH", "results database (default ./results.db); several sweeps may share one"},
           {"--jobs", "N", "jobs at once, also -j (default: the core count; slurm: no limit)"},
           {"--backend", "NAME", "local (default) or slurm"},
           {"--partition", "NAME", "slurm partition"},
           {"--dry-run", "", "list the jobs and whether each is done, run nothing"},
           kWork},
          1, 1, run_sweep};
}

int run_results(const ParsedArgs& args) {
  if (!std::filesystem::is_regular_file(args.positional[0]))
    throw std::invalid_argument(fmt::format("no results database at {}", args.positional[0]));
  dse::ResultsDb db(args.positional[0]);
  for (const std::string& other : args.all("--merge")) {
    db.merge(other);
    fmt::print("merged {} into {}\n", other, args.positional[0]);
  }
  if (!args.has("--csv") && !args.has("--json")) {
    if (args.all("--merge").empty()) fmt::print("{}: {} runs\n", args.positional[0], db.rows().size());
    return kExitOk;
  }
  const std::string text = args.has("--csv") ? dse::results_csv(db) : dse::results_json(db).dump(2) + "\n";
  if (args.has("--output")) write_text_file(args.get("--output"), text);
  else fmt::print("{}", text);
  return kExitOk;
}

Command results_command() {
  return {"results", "DB [--csv | --json] [--merge OTHER.db]", "export or merge a results database",
          "Prints the runs of a results database as CSV or JSON (every column; docs/dse.md), or\n"
          "merges other databases into it (rows of the same run are replaced).",
          {{"--csv", "", "print CSV"},
           {"--json", "", "print JSON"},
           {"--output", "PATH", "write there instead of printing"},
           {"--merge", "OTHER.db", "copy OTHER.db's runs in (repeatable)", true}},
          1, 1, run_results};
}

int run_report(const ParsedArgs& args) {
  if (!args.has("--output")) throw std::invalid_argument("report needs -o DIR");
  if (!std::filesystem::exists(args.positional[0]))
    throw std::invalid_argument(fmt::format("no results database at {}", args.positional[0]));
  dse::ResultsDb db(args.positional[0]);
  const std::string page = dse::write_report(db, args.get("--output"));
  fmt::print("report: {}\n", page);
  return kExitOk;
}

Command report_command() {
  return {"report", "DB -o DIR", "an HTML page of a results database, with plots",
          "Writes DIR/index.html: one static page (inline SVG plots and a small inline script, no\n"
          "network) with area against fmax and its Pareto front, area efficiency per architecture\n"
          "and PE, accuracy against table size for the nonlinear methods, cycles per mode for\n"
          "workloads, and sortable tables; every point links to its spec and its log (copied to\n"
          "DIR/specs and DIR/logs).",
          {{"--output", "DIR", "output folder (also -o); required"}},
          1, 1, run_report};
}

}  // namespace bitloom::cli
