// The Slurm backend: the pending jobs become one job array (sbatch --array); each task
// runs its job's bitloom command on a node, with the sweep folder and the work folder on
// a file system every node sees, and leaves a status file. The sweep polls for status
// files and files each row as it appears. Tasks Slurm ended without a status (cancelled,
// node lost) are reported with their job id and Slurm log.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "dse/run_sweep.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"

namespace bitloom::dse {

namespace {

// The shell line a task runs: the job's command, timed, its status written atomically.
std::string task_line(const Sweep& s, const Job& job, const SweepPaths& paths, const RunSettings& rs) {
  const std::string status = paths.status(job);
  return fmt::format(
      "t0=$(date +%s.%N); {} > {} 2>&1; rc=$?; t1=$(date +%s.%N); "
      "printf 'exit=%d seconds=%s host=%s backend=slurm slurm_job=%s_%s\\n' \"$rc\" "
      "\"$(awk -v a=$t0 -v b=$t1 'BEGIN{{printf \"%.3f\", b-a}}')\" \"$(hostname)\" \"$SLURM_ARRAY_JOB_ID\" "
      "\"$SLURM_ARRAY_TASK_ID\" > {}.tmp && mv {}.tmp {}",
      shell_command(job_command(s, job, paths, rs.bitloom)), shell_command({paths.log(job)}), status, status, status);
}

std::string submit(const std::vector<const Job*>& jobs, const Sweep& s, const SweepPaths& paths, const RunSettings& rs) {
  const std::string dir = paths.root + "/slurm";
  std::filesystem::create_directories(dir);
  std::string tasks;
  for (const Job* j : jobs) tasks += task_line(s, *j, paths, rs) + "\n";
  write_text_file(dir + "/tasks.txt", tasks);
  write_text_file(dir + "/array.sh",
                  "#!/bin/bash\n# One task of a bitloom sweep: line SLURM_ARRAY_TASK_ID + 1 of the tasks file.\n"
                  "eval \"$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$1\")\"\n");
  std::vector<std::string> argv = {"sbatch", "--parsable", "--job-name", "bitloom-" + s.name,
                                   fmt::format("--array=0-{}{}", jobs.size() - 1, rs.parallel > 0 ? fmt::format("%{}", rs.parallel) : ""),
                                   "--output", dir + "/%A_%a.out", "--chdir", std::filesystem::current_path().string()};
  if (!rs.partition.empty()) argv.insert(argv.end(), {"--partition", rs.partition});
  argv.insert(argv.end(), {dir + "/array.sh", dir + "/tasks.txt"});
  RunOptions o;
  o.log_path = dir + "/sbatch.log";
  if (run_process(argv, o) != 0)
    throw ToolError(fmt::format("sbatch refused the sweep's job array; see {}", o.log_path));
  std::string id = read_text_file(o.log_path);
  id = id.substr(0, id.find_first_of(";\n"));
  return id;
}

// Whether any task of the array is still queued or running.
bool still_queued(const std::string& id, const std::string& dir) {
  RunOptions o;
  o.log_path = dir + "/squeue.log";
  if (run_process({"squeue", "-h", "-j", id, "-o", "%i"}, o) != 0) return true;  // slurmctld busy: ask again
  return !read_text_file(o.log_path).empty();
}

}  // namespace

std::string run_slurm(const std::vector<const Job*>& jobs, const Sweep& s, const SweepPaths& paths,
                      const RunSettings& rs, const Callbacks& cb) {
  for (const Job* j : jobs) std::filesystem::remove(paths.status(*j));
  const std::string id = submit(jobs, s, paths, rs);
  std::vector<bool> reported(jobs.size(), false);
  size_t left = jobs.size();
  for (bool queued = true; left > 0;) {
    for (size_t i = 0; i < jobs.size(); ++i) {
      Outcome o;
      if (reported[i] || !read_outcome(paths.status(*jobs[i]), o)) continue;
      reported[i] = true;
      --left;
      cb.finished(*jobs[i], o);
    }
    if (left == 0) break;
    if (!queued) {
      // The array is gone and these never wrote a status: Slurm ended them.
      for (size_t i = 0; i < jobs.size(); ++i)
        if (!reported[i]) {
          Outcome o{-1, 0, "", "slurm", fmt::format("{}_{}", id, i)};
          cb.finished(*jobs[i], o);
        }
      break;
    }
    cb.tick(static_cast<int>(left));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    queued = still_queued(id, paths.root + "/slurm");
  }
  return id;
}

}  // namespace bitloom::dse
