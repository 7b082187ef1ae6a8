// The local backend: a pool of threads, each running one job's bitloom command at a time
// (each in its own process group, so Ctrl-C reaches it).
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "dse/run_sweep.hpp"
#include "generator/process.hpp"

namespace bitloom::dse {

namespace {

std::string host_name() {
  char buf[256] = {0};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace

void run_local(const std::vector<const Job*>& jobs, const Sweep& s, const SweepPaths& paths, const RunSettings& rs,
               const Callbacks& cb) {
  std::mutex lock;
  std::condition_variable wake;
  std::deque<std::pair<const Job*, Outcome>> done;
  size_t next = 0, reported = 0;
  const std::string host = host_name();
  auto worker = [&] {
    for (;;) {
      const Job* job = nullptr;
      {
        std::lock_guard<std::mutex> g(lock);
        if (next == jobs.size()) return;
        job = jobs[next++];
      }
      const auto t0 = std::chrono::steady_clock::now();
      RunOptions o;
      o.log_path = paths.log(*job);
      Outcome out;
      try {
        out.exit_code = run_process(job_command(s, *job, paths, rs.bitloom), o);
      } catch (const std::exception& e) {  // could not even start it: a failed job, not a dead sweep
        write_text_file(o.log_path, std::string(e.what()) + "\n");
        out.exit_code = 127;
      }
      out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      out.host = host;
      out.backend = "local";
      write_text_file(paths.status(*job), outcome_line(out));
      std::lock_guard<std::mutex> g(lock);
      done.push_back({job, out});
      wake.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, rs.parallel); ++i) pool.emplace_back(worker);
  while (reported < jobs.size()) {
    std::unique_lock<std::mutex> g(lock);
    wake.wait_for(g, std::chrono::seconds(1), [&] { return !done.empty(); });
    while (!done.empty()) {
      auto [job, out] = done.front();
      done.pop_front();
      g.unlock();
      cb.finished(*job, out);
      ++reported;
      g.lock();
    }
    const int running = static_cast<int>(next - reported - done.size());
    g.unlock();
    if (reported < jobs.size()) cb.tick(running);
  }
  for (std::thread& t : pool) t.join();
}

}  // namespace bitloom::dse
