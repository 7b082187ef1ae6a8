#include "synth/sta_runner.hpp"

#include <fmt/format.h>

#include <regex>
#include <set>
#include <sstream>

#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/memory_budget.hpp"

namespace bitloom {

namespace {

// Nanoseconds per library time unit ("1ns", "1ps", "100ps", ...).
double ns_per_unit(const std::string& unit) {
  static const std::regex re(R"re(\s*([0-9.]+)\s*(ps|ns|us)\s*)re");
  std::smatch m;
  if (!std::regex_match(unit, m, re)) return 1.0;
  const double scale = m[2] == "ps" ? 1e-3 : m[2] == "us" ? 1e3 : 1.0;
  return std::stod(m[1]) * scale;
}

double number_after(const std::string& text, const std::string& key, const std::string& log) {
  const size_t p = text.find(key);
  if (p == std::string::npos)
    throw ToolError(fmt::format("OpenSTA printed no '{}'; see {}", key, log));
  return std::stod(text.substr(p + key.size()));
}

std::string line_value(const std::string& text, const std::string& key) {
  const size_t p = text.find(key);
  if (p == std::string::npos) return "";
  const size_t e = text.find('\n', p);
  return text.substr(p + key.size(), e - p - key.size());
}

}  // namespace

TimingReport run_sta(const std::string& run_dir, const std::string& netlist, const std::string& top,
                     const Liberty& lib, double clock_ns, const std::string& clock) {
  TimingReport t;
  t.clock_ns = clock_ns;
  const double unit = ns_per_unit(lib.time_unit);
  t.sdc = run_dir + "/design.sdc";
  t.sta_log = run_dir + "/sta.log";
  // Inputs arrive and outputs are taken right at the clock edge: the reported paths
  // are the design's own (ideal clock, no wire-load model).
  write_text_file(t.sdc, fmt::format(
      "# Written by bitloom. Times in library units ({4}).\n"
      "create_clock -name clk -period {1:.6g} [get_ports {0}]\n"
      "set_input_delay {2:.6g} -clock clk [delete_from_list [all_inputs] [get_ports {0}]]\n"
      "set_output_delay {3:.6g} -clock clk [all_outputs]\n",
      clock, clock_ns / unit, t.input_delay_ns / unit, t.output_delay_ns / unit, lib.time_unit));
  write_text_file(run_dir + "/sta.tcl", fmt::format(
      "read_liberty {}\nread_verilog {}\nlink_design {}\nread_sdc {}\n"
      "report_checks -path_delay max -digits 4\n"
      "report_wns -digits 4\nreport_tns -digits 4\nreport_worst_slack -digits 4\nexit\n",
      lib.path, netlist, top, t.sdc));
  std::uint64_t peak = 0;
  run_checked("OpenSTA", {"sta", "-no_init", "-exit", run_dir + "/sta.tcl"},
              {t.sta_log, run_dir, fmt::format("OpenSTA timing of {}", top), 0}, &peak);
  t.peak_mib = to_mib(peak);
  const std::string log = read_text_file(t.sta_log);
  if (log.find("Error") != std::string::npos)
    throw ToolError(fmt::format("OpenSTA reported an error; see {}", t.sta_log));
  if (log.find(fmt::format("port '{}' not found", clock)) != std::string::npos)
    throw ToolError(fmt::format("{} has no clock port '{}': its timing would be unconstrained (name the clock "
                                "port with --clock); see {}",
                                top, clock, t.sta_log));
  t.worst_slack_ns = number_after(log, "worst slack ", t.sta_log) * unit;
  t.wns_ns = number_after(log, "wns ", t.sta_log) * unit;
  t.tns_ns = number_after(log, "tns ", t.sta_log) * unit;
  t.met = t.worst_slack_ns >= 0;
  t.startpoint = line_value(log, "Startpoint: ");
  t.endpoint = line_value(log, "Endpoint: ");
  const size_t arrival = log.find("data arrival time");
  if (arrival != std::string::npos) {
    // The number on the same line, before the words.
    const size_t bol = log.rfind('\n', arrival) + 1;
    t.arrival_ns = std::stod(log.substr(bol, arrival - bol)) * unit;
    // Logic levels: distinct combinational instances between start and end.
    static const std::regex step(R"re(^\s+-?[0-9.]+\s+-?[0-9.]+ [v^] (\S+)/\w+ \((\w+)\)$)re");
    std::set<std::string> comb;
    std::istringstream lines(log.substr(0, arrival));
    std::string line;
    while (std::getline(lines, line)) {
      std::smatch m;
      if (!std::regex_match(line, m, step)) continue;
      auto cell = lib.cells.find(m[2]);
      if (cell != lib.cells.end() && !cell->second.sequential) comb.insert(m[1]);
    }
    t.logic_levels = static_cast<int>(comb.size());
  }
  return t;
}

}  // namespace bitloom
