#include "synth/synth_runner.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <regex>
#include <sstream>

#include "generator/hash.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/synth_report.hpp"

namespace fs = std::filesystem;

namespace bitloom {

namespace {

std::atomic<int> g_yosys_runs{0};  // benches run searches on several threads

std::string yosys_script(const Generated& g, const Liberty& lib, const SynthOptions& o) {
  std::string s = "# Written by bitloom; run again with: yosys -s synth.ys\n";
  for (const auto& f : g.rtl_paths()) s += "read_verilog " + f + "\n";
  s += fmt::format("hierarchy -check -top {}\n", g.design.top);
  s += fmt::format("synth -top {}{}\n", g.design.top, o.flat ? " -flatten" : "");
  s += fmt::format("dfflibmap -liberty {}\n", lib.path);
  if (o.clock_ns) {
    // Timing-driven: ABC maps for the delay target (ps), then buffers high-fanout nets
    // and sizes gates against the liberty (abc.script, written beside this script).
    s += fmt::format("abc -liberty {} -D {:.0f} -script abc.script -constr abc.constr\n", lib.path,
                     *o.clock_ns * 1000);
  } else {
    s += fmt::format("abc -liberty {}\n", lib.path);
  }
  s += "opt_clean -purge\n";
  s += fmt::format("tee -o stat.txt stat -liberty {}\n", lib.path);
  s += "tee -q -o stat.json stat -json\n";
  // OpenSTA's Verilog reader rejects concatenations on the left of an assign, which
  // Yosys writes for wires assembled from several buses; single-bit nets avoid them.
  s += "splitnets\nopt_clean -purge\n";
  s += "write_verilog -noattr -noexpr netlist.v\n";
  return s;
}

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

SynthReport build_report(const Generated& g, const Liberty& lib, const SynthOptions& o,
                         const std::string& run_dir) {
  const auto stat = nlohmann::json::parse(strip_hierarchy_lines(read_text_file(run_dir + "/stat.json")));
  SynthReport r;
  r.top = g.design.top;
  r.mode = o.flat ? "flat" : "hierarchical";
  r.clock_ns = o.clock_ns;
  r.liberty = lib;
  r.run_dir = run_dir;
  r.macs_per_cycle = g.design.macs_per_beat;
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
  for (const auto& [parent, kids] : children)
    for (const auto& [kid, n] : kids)
      if (!mods.count(kid))
        throw ToolError(fmt::format("synthesized netlist of {} uses cell {} that is neither in {} "
                                    "nor a design module; see {}",
                                    parent, kid, lib.source_path, r.yosys_log));
  // Instance counts: walk down from the top.
  std::function<void(const std::string&, long long)> count = [&](const std::string& m, long long n) {
    mods[m].instances += n;
    for (const auto& [kid, k] : children[m]) count(kid, n * k);
  };
  if (!mods.count(r.top)) throw ToolError(fmt::format("Yosys reported no module {}; see {}", r.top, r.yosys_log));
  count(r.top, 1);
  r.modules.push_back(mods[r.top]);
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

}  // namespace

int yosys_invocations() { return g_yosys_runs; }

SynthReport synthesize(const Generated& g, const Liberty& lib, const SynthOptions& o) {
  // Bump kCacheFormat whenever report.json gains or changes fields.
  constexpr int kCacheFormat = 5;
  const std::string key = fmt::format("{}|{}|{}|{}|{}|{}", kCacheFormat, g.content_hash, lib.sha256,
                                      o.clock_ns ? fmt::format("{:.4f}", *o.clock_ns) : "none",
                                      o.flat ? "flat" : "hier", first_output_line({"yosys", "-V"}));
  const std::string run_dir = fmt::format("{}/synth-{}", g.dir, sha256_hex(key).substr(0, 12));
  FileLock lock(run_dir + ".lock");
  const std::string report_path = run_dir + "/report.json";
  if (fs::exists(report_path)) {
    SynthReport r = report_from_json(nlohmann::json::parse(read_text_file(report_path)), lib);
    r.cached = true;
    return r;
  }
  if (lib.buffer_cell.empty())
    throw ToolError(fmt::format("liberty {} has no buffer cell (a one-input cell whose function is "
                                "its input); Yosys's ABC needs one to map. Use a library with a buffer.",
                                lib.source_path));
  fs::create_directories(run_dir);
  write_text_file(run_dir + "/synth.ys", yosys_script(g, lib, o));
  // Yosys's default -D script plus buffering and sizing ({D} is Yosys's placeholder).
  if (o.clock_ns) {
    // Module inputs (ports and flop outputs alike) are driven by a buffer and outputs
    // load about four gates. Without this, ABC takes every input as ideally driven and
    // never buffers a port that fans out inside the module, which hierarchical
    // synthesis turns into huge unbuffered nets between modules.
    const auto buf = lib.cells.find(lib.buffer_cell);
    const double load = 4 * (buf == lib.cells.end() ? 0 : buf->second.input_capacitance);
    write_text_file(run_dir + "/abc.constr",
                    fmt::format("set_driving_cell {}\nset_load {:.6g}\n", lib.buffer_cell, load));
  }
  if (o.clock_ns)
    write_text_file(run_dir + "/abc.script",
                    "strash; &get -n; &fraig -x; &put; scorr; dc2; dretime; strash; &get -n; "
                    "&dch -f; &nf {D}; &put; topo; buffer -p; upsize {D}; dnsize {D}\n");
  const auto start = std::chrono::steady_clock::now();
  ++g_yosys_runs;
  run_checked("Yosys synthesis", {"yosys", "-q", "-l", "yosys.log", "-s", "synth.ys"},
              {run_dir + "/yosys.stdout", run_dir});
  SynthReport r = build_report(g, lib, o, run_dir);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (o.clock_ns) r.timing = run_sta(run_dir, r.netlist, r.top, lib, *o.clock_ns);
  write_text_file(report_path, report_to_json(r).dump(2) + "\n");
  write_text_file(run_dir + "/report.md", report_markdown(r));
  return r;
}

}  // namespace bitloom
