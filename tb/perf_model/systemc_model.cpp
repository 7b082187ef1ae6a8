#include "tb/perf_model/systemc_model.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "generator/spec_error.hpp"
#include "tb/perf_model/phase_run.hpp"

namespace bitloom::workload {

namespace {

// Runs one program's phases in order: each phase's items, then the reconfiguration.
class ProgramModel : public sc_core::sc_module {
 public:
  ProgramModel(sc_core::sc_module_name n, const Program& prog) : sc_module(n), prog_(prog), dram_(prog.dram) {
    SC_THREAD(control);
  }
  SC_HAS_PROCESS(ProgramModel);

  PerfResult result() const {
    PerfResult r = result_;
    if (!finished_) r.error = stuck_;
    return r;
  }
  void note_stuck() {
    if (!finished_ && run_) stuck_ = fmt::format("deadlock in phase {}: {}", result_.phases.size(), run_->stuck_report());
  }

 private:
  void control() {
    long long macs = 0;
    for (const PhaseProgram& ph : prog_.phases) {
      const long long start = now(), rd = dram_.read_bytes(), wr = dram_.write_bytes();
      run_ = std::make_unique<PhaseRun>(ph, dram_, prog_);
      run_->start();
      sc_core::wait(run_->all_done);
      PhaseResult pr;
      pr.cycles = std::max(run_->end_time(), now()) - start + prog_.reconfig_cycles;
      pr.read_bytes = dram_.read_bytes() - rd;
      pr.write_bytes = dram_.write_bytes() - wr;
      for (const Item& it : ph.items)
        for (const Step& s : it.steps) pr.macs += s.macs;
      for (long long t : run_->done_times()) pr.item_done.push_back(t - start);
      macs += pr.macs;
      sc_core::wait(sc_core::sc_time(static_cast<double>(start + pr.cycles - now()), sc_core::SC_NS));
      result_.phases.push_back(pr);
      result_.cycles += pr.cycles;
    }
    result_.read_bytes = dram_.read_bytes();
    result_.write_bytes = dram_.write_bytes();
    result_.read_by_tensor = dram_.read_by_tensor();
    result_.write_by_tensor = dram_.write_by_tensor();
    result_.pe_utilization = result_.cycles > 0 ? static_cast<double>(macs) / (static_cast<double>(prog_.total_pes) * result_.cycles) : 0;
    result_.unit_busy = unit_busy(prog_, result_.cycles);
    finished_ = true;
  }
  static long long now() { return static_cast<long long>(sc_core::sc_time_stamp().to_double() / 1000.0); }

  const Program& prog_;
  DramTiming dram_;
  std::unique_ptr<PhaseRun> run_;
  PerfResult result_;
  bool finished_ = false;
  std::string stuck_;
};

const std::vector<Program>* g_programs = nullptr;
std::vector<PerfResult>* g_results = nullptr;

nlohmann::json to_json(const PerfResult& r) {
  nlohmann::json phases = nlohmann::json::array();
  for (const PhaseResult& p : r.phases) phases.push_back({p.cycles, p.read_bytes, p.write_bytes, p.macs, p.item_done});
  nlohmann::json rd = nlohmann::json::array(), wr = nlohmann::json::array();
  for (const auto& [t, b] : r.read_by_tensor) rd.push_back({t, b});
  for (const auto& [t, b] : r.write_by_tensor) wr.push_back({t, b});
  return {{"cycles", r.cycles}, {"rd", r.read_bytes}, {"wr", r.write_bytes}, {"util", r.pe_utilization},
          {"phases", phases}, {"rd_t", rd}, {"wr_t", wr}, {"error", r.error}, {"busy", r.unit_busy}};
}

PerfResult from_json(const nlohmann::json& j) {
  PerfResult r;
  r.cycles = j["cycles"];
  r.read_bytes = j["rd"];
  r.write_bytes = j["wr"];
  r.pe_utilization = j["util"];
  r.error = j["error"];
  r.unit_busy = j["busy"].get<std::map<std::string, double>>();
  for (const auto& p : j["phases"]) r.phases.push_back(PhaseResult{p[0], p[1], p[2], p[3], p[4]});
  for (const auto& e : j["rd_t"]) r.read_by_tensor[e[0]] = e[1];
  for (const auto& e : j["wr_t"]) r.write_by_tensor[e[0]] = e[1];
  return r;
}

std::string read_all(int fd) {
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

}  // namespace

std::vector<PerfResult> simulate_programs(const std::vector<Program>& programs) {
  if (programs.empty()) return {};
  int fds[2];
  if (pipe(fds) != 0) throw ToolError("SystemC model: cannot create a pipe");
  const pid_t pid = fork();
  if (pid < 0) throw ToolError("SystemC model: cannot fork");
  if (pid == 0) {
    close(fds[0]);
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    std::vector<PerfResult> results;
    g_programs = &programs;
    g_results = &results;
    char name[] = "bitloom-perf";
    char* argv[] = {name, nullptr};
    const int rc = sc_core::sc_elab_and_sim(1, argv);
    nlohmann::json j = nlohmann::json::array();
    for (const PerfResult& r : results) j.push_back(to_json(r));
    const std::string text = j.dump();
    for (size_t off = 0; off < text.size();) {
      const ssize_t n = write(fds[1], text.data() + off, text.size() - off);
      if (n <= 0) _exit(3);
      off += static_cast<size_t>(n);
    }
    close(fds[1]);
    _exit(rc == 0 && results.size() == programs.size() ? 0 : 4);
  }
  close(fds[1]);
  const std::string text = read_all(fds[0]);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) throw ToolError(fmt::format("SystemC model crashed (signal {})", WTERMSIG(status)));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw ToolError(fmt::format("SystemC model failed (exit {})", WEXITSTATUS(status)));
  std::vector<PerfResult> out;
  for (const auto& r : nlohmann::json::parse(text)) out.push_back(from_json(r));
  return out;
}

}  // namespace bitloom::workload

// SystemC's entry point, reached only through simulate_programs' child process.
int sc_main(int, char*[]) {
  using namespace bitloom::workload;
  std::vector<std::unique_ptr<ProgramModel>> models;
  for (size_t i = 0; i < g_programs->size(); ++i)
    models.push_back(std::make_unique<ProgramModel>(fmt::format("program{}", i).c_str(), (*g_programs)[i]));
  sc_core::sc_start();
  for (auto& m : models) {
    m->note_stuck();
    g_results->push_back(m->result());
  }
  return 0;
}
