#include "synth/synth_runner.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <future>
#include <regex>
#include <sstream>

#include "generator/hash.hpp"
#include "generator/limits.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/memory_budget.hpp"
#include "synth/synth_report.hpp"
#include "synth/sequential_overhead.hpp"
#include "synth/yosys_script.hpp"

namespace fs = std::filesystem;

namespace bitloom {

namespace {

std::atomic<int> g_yosys_runs{0};  // benches run searches on several threads

// Yosys 0.23's `stat -json` prints its text hierarchy listing ("  name   count") into the
// JSON when the design is more than two levels deep; those lines are not JSON. bitloom
// counts instances itself, so they are dropped.
std::string strip_hierarchy_lines(const std::string& text) {
  static const std::regex listing(R"re(^\s*[^\s"{}\[\],:]+\s+[0-9]+\s*$)re");
  std::string out, line;
  std::istringstream in(text);
  while (std::getline(in, line))
    if (!std::regex_match(line, listing)) out += line + "\n";
  return out;
}

double parse_chip_area(const std::string& stat_text, const std::string& top) {
  const std::string key = fmt::format("Chip area for top module '\\{}': ", top);
  size_t p = stat_text.find(key);
  if (p == std::string::npos) {
    const std::string mkey = fmt::format("Chip area for module '\\{}': ", top);
    p = stat_text.find(mkey);
    if (p == std::string::npos) return 0;
    return std::stod(stat_text.substr(p + mkey.size()));
  }
  return std::stod(stat_text.substr(p + key.size()));
}

SynthReport build_report(const SynthTarget& t, const Liberty& lib, const SynthOptions& o,
                         const std::string& run_dir) {
  const auto stat = nlohmann::json::parse(strip_hierarchy_lines(read_text_file(run_dir + "/stat.json")));
  SynthReport r;
  r.top = t.top;
  r.mode = o.flat ? "flat" : "hierarchical";
  r.clock_ns = o.clock_ns;
  r.liberty = lib;
  r.run_dir = run_dir;
  r.macs_per_cycle = t.macs_per_cycle;
  r.netlist = run_dir + "/netlist.v";
  r.yosys_log = run_dir + "/yosys.log";

  std::map<std::string, ModuleArea> mods;
  std::map<std::string, std::map<std::string, long long>> children;
  for (const auto& [raw, m] : stat["modules"].items()) {
    const std::string name = raw[0] == '\\' ? raw.substr(1) : raw;
    ModuleArea ma;
    ma.name = name;
    for (const auto& [cell, count] : m["num_cells_by_type"].items()) {
      const long long n = count.get<long long>();
      auto it = lib.cells.find(cell);
      if (it == lib.cells.end()) {
        children[name][cell] += n;  // an instance of another module
        continue;
      }
      ma.cells_by_type[cell] += n;
      ma.cells += n;
      ma.area += n * it->second.area;
      if (it->second.sequential) {
        ma.flops += n;
        ma.sequential_area += n * it->second.area;
      }
    }
    mods[name] = ma;
  }
  std::map<std::string, long long> black_box_bits, black_box_uses;  // RAMs kept as macros
  for (const BlackBox& b : t.black_boxes) black_box_bits[b.module] = b.bits;
  for (const auto& [parent, kids] : children)
    for (const auto& [kid, n] : kids)
      if (!mods.count(kid) && !black_box_bits.count(kid))
        throw ToolError(fmt::format("synthesized netlist of {} uses cell {} that is neither in {} "
                                    "nor a design module; see {}",
                                    parent, kid, lib.source_path, r.yosys_log));
  // Instance counts: walk down from the top.
  std::function<void(const std::string&, long long)> count = [&](const std::string& m, long long n) {
    if (black_box_bits.count(m)) {
      black_box_uses[m] += n;
      return;
    }
    mods[m].instances += n;
    for (const auto& [kid, k] : children[m]) count(kid, n * k);
  };
  if (!mods.count(r.top)) throw ToolError(fmt::format("Yosys reported no module {}; see {}", r.top, r.yosys_log));
  count(r.top, 1);
  r.modules.push_back(mods[r.top]);
  for (const auto& [name, n] : black_box_uses) r.black_boxes.push_back({name, n, black_box_bits[name]});
  for (const auto& [name, m] : mods)
    if (name != r.top && m.instances > 0) r.modules.push_back(m);
  for (const auto& m : r.modules) {
    r.area += m.area * m.instances;
    r.sequential_area += m.sequential_area * m.instances;
    r.cells += m.cells * m.instances;
    r.flops += m.flops * m.instances;
    for (const auto& [c, n] : m.cells_by_type) r.cells_by_type[c] += n * m.instances;
  }
  r.gate_equivalents = lib.nand2_area > 0 ? r.area / lib.nand2_area : 0;
  r.yosys_chip_area = parse_chip_area(read_text_file(run_dir + "/stat.txt"), r.top);
  // Yosys 0.23's stat -json has no area, so ours comes from the cell counts; the two
  // must agree or something (an unknown cell, a parse slip) is wrong.
  if (std::fabs(r.area - r.yosys_chip_area) > 1e-6 * std::max(1.0, r.area) + 0.01)
    throw ToolError(fmt::format("area cross-check failed: cells x liberty areas = {:.3f}, Yosys "
                                "says {:.3f}; see {}",
                                r.area, r.yosys_chip_area, run_dir + "/stat.txt"));
  return r;
}


// One mapping of one run: Yosys and, with a clock, OpenSTA, in a folder of its own.
SynthReport run_mapping(const SynthTarget& t, const Liberty& lib, const SynthOptions& o, const AbcMapping& m,
                        const std::string& dir) {
  fs::create_directories(dir);
  write_text_file(dir + "/synth.ys", yosys_script(t, lib, o));
  if (!m.script.empty()) {
    write_text_file(dir + "/abc.constr", abc_constraints(lib));
    write_text_file(dir + "/abc.script", m.script);
  }
  const auto start = std::chrono::steady_clock::now();
  ++g_yosys_runs;
  const std::vector<std::string> yosys = {"yosys", "-q", "-l", "yosys.log", "-s", "synth.ys"};
  run_checked("Yosys synthesis", yosys,
              {dir + "/yosys.stdout", dir, fmt::format("Yosys synthesis of {} ({} mapping)", t.top, m.name), 0});
  SynthReport r = build_report(t, lib, o, dir);
  r.mapping = m.name;
  r.commands.push_back("cd " + dir + " && " + shell_command(yosys));
  r.scripts["synth.ys"] = read_text_file(dir + "/synth.ys");
  if (o.clock_ns) {
    r.scripts["abc.script"] = m.script;
    r.scripts["abc.constr"] = read_text_file(dir + "/abc.constr");
    {
      const std::uint64_t estimate = sta_memory_estimate(r.cells);
      const MemoryReservation memory(estimate, fmt::format("OpenSTA on {} ({} mapping, {} cells)", t.top, m.name, r.cells));
      r.timing = run_sta(dir, r.netlist, r.top, lib, *o.clock_ns, t.clock);
      r.timing->estimate_mib = to_mib(estimate);
    }
    r.commands.push_back("cd " + dir + " && sta -no_init -exit sta.tcl");
    r.scripts["sta.tcl"] = read_text_file(dir + "/sta.tcl");
    r.scripts["design.sdc"] = read_text_file(r.timing->sdc);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

// The better of two mappings at one clock: one that meets timing over one that does
// not, then the smaller area; when neither meets, the larger worst slack.
bool better(const SynthReport& a, const SynthReport& b) {
  if (a.timing->met != b.timing->met) return a.timing->met;
  if (a.timing->met) return a.area < b.area;
  return a.timing->worst_slack_ns > b.timing->worst_slack_ns;
}

}  // namespace

int yosys_invocations() { return g_yosys_runs; }

int mappings_per_run(const SynthOptions& o) { return static_cast<int>(abc_mappings(o.clock_ns).size()); }

SynthReport synthesize(const Generated& g, const Liberty& lib, const SynthOptions& o) {
  return synthesize(synth_target(g), lib, o);
}

SynthReport synthesize(const SynthTarget& t, const Liberty& lib, const SynthOptions& o) {
  // Bump kCacheFormat whenever report.json gains or changes fields. The scripts are part
  // of the key, so a change to the flow never reuses a report the old flow made.
  constexpr int kCacheFormat = 11;
  const double overhead = o.clock_ns ? sequential_overhead_ns(lib) : 0.0;
  std::string flow = yosys_script(t, lib, o) + abc_constraints(lib);
  for (const auto& m : abc_mappings(o.clock_ns, overhead)) flow += m.name + "\n" + m.script;
  const std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}", kCacheFormat, t.content_hash, lib.sha256,
                                      o.clock_ns ? fmt::format("{:.4f}", *o.clock_ns) : "none",
                                      o.flat ? "flat" : "hier", first_output_line({"yosys", "-V"}),
                                      sha256_hex(flow));
  const std::string run_dir = fmt::format("{}/synth-{}", t.dir, sha256_hex(key).substr(0, 12));
  const std::string report_path = run_dir + "/report.json";
  // A netlist that cannot fit is refused before Yosys spends hours on it (and before
  // anything is written), unless a report of it is cached.
  if (o.clock_ns && !fs::exists(report_path)) check_sta_fits(t.min_cells, t.top);
  FileLock lock(run_dir + ".lock");
  // A cache entry counts only when complete (report.json is written last, atomically)
  // and made for this key.
  if (fs::exists(report_path) && fs::exists(run_dir + "/key.txt") && read_text_file(run_dir + "/key.txt") == key) {
    SynthReport r = report_from_json(nlohmann::json::parse(read_text_file(report_path)), lib);
    r.cached = true;
    return r;
  }
  if (lib.buffer_cell.empty())
    throw ToolError(fmt::format("liberty {} has no buffer cell (a one-input cell whose function is "
                                "its input); Yosys's ABC needs one to map. Use a library with a buffer.",
                                lib.source_path));
  fs::remove_all(run_dir);
  fs::create_directories(run_dir);
  write_text_file(run_dir + "/key.txt", key);
  // Every mapping at once (they are independent runs; their STAs wait for memory, see
  // memory_budget.hpp), then the best by STA.
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::future<SynthReport>> jobs;
  for (const auto& m : abc_mappings(o.clock_ns, overhead))
    jobs.push_back(std::async(std::launch::async, [&, m] { return run_mapping(t, lib, o, m, run_dir + "/" + m.name); }));
  std::vector<SynthReport> runs;
  for (auto& j : jobs) runs.push_back(j.get());
  SynthReport r = runs.front();
  for (const auto& x : runs)
    if (x.timing && better(x, r)) r = x;
  for (const auto& x : runs)
    r.alternatives.push_back({x.mapping, x.area, x.timing ? x.timing->worst_slack_ns : 0.0, x.timing && x.timing->met});
  r.run_dir = run_dir;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_text_file(run_dir + "/report.md", report_markdown(r));
  write_text_file(report_path, report_to_json(r).dump(2) + "\n");
  return r;
}

}  // namespace bitloom
