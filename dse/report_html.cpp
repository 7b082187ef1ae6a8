#include "dse/report_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "dse/svg_plot.hpp"
#include "generator/process.hpp"

namespace bitloom::dse {

namespace {

using json = nlohmann::ordered_json;

double num(const json& row, const char* k) { return row.contains(k) && row[k].is_number() ? row[k].get<double>() : -1; }
std::string str(const json& row, const char* k) { return row.contains(k) && row[k].is_string() ? row[k].get<std::string>() : ""; }
bool ok(const json& row) { return str(row, "status") == "ok"; }
std::string spec_href(const json& row) { return "specs/" + str(row, "spec_sha256").substr(0, 16) + ".yaml"; }
std::string log_href(const json& row) { return "logs/" + str(row, "job_key").substr(0, 16) + ".log"; }

// "systolic_os mac", "gelu relu_minus_delta", "workload": how points group in the plots.
std::string design_class(const json& row) {
  if (!str(row, "arch").empty()) return str(row, "arch") + " " + str(row, "pe");
  if (!str(row, "method").empty()) return str(row, "kind") + " " + str(row, "method");
  return str(row, "kind");
}

std::string area_fmax_plot(const std::vector<json>& rows) {
  Scatter p{"Area against fmax (Pareto front: nothing both faster and smaller)", "fmax (MHz)", "area (µm²)", {}, {}, "Pareto front"};
  for (const json& r : rows)
    if (ok(r) && str(r, "flow") == "fmax" && num(r, "fmax_mhz") > 0 && num(r, "area_um2") > 0)
      p.points.push_back({num(r, "fmax_mhz"), num(r, "area_um2"), design_class(r),
                          fmt::format("{}: {:.1f} MHz, {:.0f} µm²", str(r, "point"), num(r, "fmax_mhz"), num(r, "area_um2")),
                          spec_href(r)});
  std::vector<PlotPoint> by_speed = p.points;
  std::sort(by_speed.begin(), by_speed.end(), [](const PlotPoint& a, const PlotPoint& b) { return a.x > b.x || (a.x == b.x && a.y < b.y); });
  double best = 1e300;
  for (const PlotPoint& q : by_speed)
    if (q.y < best) best = q.y, p.line.push_back({q.x, q.y});
  std::reverse(p.line.begin(), p.line.end());
  p.log_y = true;
  return p.points.empty() ? "" : svg(p);
}

// Synthesis without a clock: area against MACs per cycle (how area scales with size); at
// clocks: area against the clock period, per design.
std::string synth_plots(const std::vector<json>& rows) {
  Scatter size{"Area against size (synthesis without a clock)", "MACs per cycle", "area (µm²)", {}, {}, ""};
  Scatter clock{"Area against clock period (timing-driven synthesis)", "clock period (ns)", "area (µm²)", {}, {}, ""};
  for (const json& r : rows) {
    if (!ok(r) || num(r, "area_um2") <= 0) continue;
    const std::string flow = str(r, "flow");
    const std::string label = fmt::format("{}: {:.0f} µm²", str(r, "point"), num(r, "area_um2"));
    if (flow == "synth" && num(r, "macs_per_cycle") > 0)
      size.points.push_back({num(r, "macs_per_cycle"), num(r, "area_um2"), design_class(r), label, spec_href(r)});
    if (flow.rfind("synth@", 0) == 0)
      clock.points.push_back({num(r, "clock_ns"), num(r, "area_um2"), str(r, "point"),
                              label + (num(r, "timing_met") == 1 ? ", met" : ", missed"), spec_href(r)});
  }
  size.log_x = size.log_y = true;
  return (size.points.empty() ? "" : svg(size)) + (clock.points.empty() ? "" : svg(clock));
}

std::string efficiency_plot(const std::vector<json>& rows) {
  std::map<std::pair<std::string, std::string>, json> best;
  for (const json& r : rows)
    if (ok(r) && num(r, "area_efficiency_gmacs_mm2") > 0) {
      auto& b = best[{str(r, "arch"), str(r, "pe")}];
      if (b.is_null() || num(r, "area_efficiency_gmacs_mm2") > num(b, "area_efficiency_gmacs_mm2")) b = r;
    }
  Bars b{"Best area efficiency per architecture and PE", "GMAC/s per mm²", {}, false};
  for (const auto& [key, r] : best)
    b.bars.push_back({key.first, key.second, num(r, "area_efficiency_gmacs_mm2"),
                      fmt::format("{}: {:.2f} GMAC/s/mm²", str(r, "point"), num(r, "area_efficiency_gmacs_mm2")), spec_href(r)});
  return b.bars.empty() ? "" : svg(b);
}

std::string accuracy_plots(const std::vector<json>& rows) {
  std::map<std::string, double> area;  // spec -> area at fmax (else area only)
  for (const json& r : rows)
    if (ok(r) && num(r, "area_um2") > 0 && (str(r, "flow") == "fmax" || !area.count(str(r, "spec_sha256"))))
      area[str(r, "spec_sha256")] = num(r, "area_um2");
  Scatter bits{"Accuracy against table size", "table bits", "max error (output LSB)", {}, {}, ""};
  Scatter cost{"Accuracy against area", "area (µm²)", "max error (output LSB)", {}, {}, ""};
  for (const json& r : rows) {
    if (!ok(r) || str(r, "flow") != "accuracy") continue;
    const std::string label = fmt::format("{}: {:.3f} LSB", str(r, "point"), num(r, "max_error_lsb"));
    bits.points.push_back({std::max(1.0, num(r, "table_bits")), num(r, "max_error_lsb"), design_class(r), label, spec_href(r)});
    if (area.count(str(r, "spec_sha256")))
      cost.points.push_back({area[str(r, "spec_sha256")], num(r, "max_error_lsb"), design_class(r), label, spec_href(r)});
  }
  bits.log_x = true;
  return (bits.points.empty() ? "" : svg(bits)) + (cost.points.empty() ? "" : svg(cost));
}

// "enc_tiny[resources.buffer_bytes=32768]" -> "buffer_bytes=32768": what tells points apart.
std::string short_label(const std::string& point) {
  const size_t open = point.find('['), close = point.rfind(']');
  if (open == std::string::npos || close == std::string::npos) return point;
  std::string inner = point.substr(open + 1, close - open - 1), out;
  size_t at = 0;
  while (at <= inner.size()) {
    const size_t end = std::min(inner.find(',', at), inner.size());
    std::string part = inner.substr(at, end - at);
    const size_t eq = part.find('='), dot = part.rfind('.', eq);
    if (dot != std::string::npos && dot < eq) part = part.substr(dot + 1);
    out += (out.empty() ? "" : ",") + part;
    at = end + 1;
  }
  return out;
}

std::string cycles_plot(const std::vector<json>& rows) {
  Bars b{"Workload cycles per mode (SystemC model)", "cycles", {}, true};
  for (const json& r : rows)
    if (ok(r) && str(r, "kind") == "workload" && num(r, "cycles") > 0) {
      const double c = num(r, "cycles_systemc") > 0 ? num(r, "cycles_systemc") : num(r, "cycles");
      b.bars.push_back({short_label(str(r, "point")), str(r, "mode"), c,
                        fmt::format("{} {}: {:.0f} cycles", str(r, "point"), str(r, "mode"), c), spec_href(r)});
    }
  return b.bars.empty() ? "" : svg(b);
}

std::string cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_number_float()) return fmt::format("{:.6g}", v.get<double>());
  if (v.is_number()) return std::to_string(v.get<long long>());
  return html_escape(v.get<std::string>());
}

std::string runs_table(const std::vector<json>& rows) {
  static const char* cols[] = {"point", "flow", "status", "area_um2", "fmax_mhz", "area_efficiency_gmacs_mm2", "worst_slack_ns",
                               "tests", "failures", "max_error_lsb", "cycles", "cycles_systemc", "dram_bytes", "wall_seconds"};
  std::string s = "<table class=\"sortable\"><thead><tr>";
  for (const char* c : cols) s += fmt::format("<th>{}</th>", c);
  s += "<th>files</th></tr></thead><tbody>\n";
  for (const json& r : rows) {
    s += "<tr>";
    for (const char* c : cols) s += "<td>" + cell(r.contains(c) ? r[c] : json(nullptr)) + "</td>";
    s += fmt::format(R"(<td><a href="{}">spec</a> <a href="{}">log</a></td></tr>)", spec_href(r), log_href(r)) + "\n";
  }
  return s + "</tbody></table>\n";
}

// Sorting by a click on a column head: numbers as numbers, text as text.
const char* kScript = R"(<script>
document.querySelectorAll('table.sortable th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var up = th.dataset.dir !== 'up';
    th.dataset.dir = up ? 'up' : 'down';
    rows.sort(function (a, b) {
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var d = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>
)";

void copy_files(const std::vector<json>& rows, const std::string& dir) {
  std::filesystem::create_directories(dir + "/specs");
  std::filesystem::create_directories(dir + "/logs");
  for (const json& r : rows) {
    write_text_file(dir + "/" + spec_href(r), str(r, "spec_text"));
    const std::string log = str(r, "log_path");
    write_text_file(dir + "/" + log_href(r), std::filesystem::exists(log) ? read_text_file(log) : "(no log on this machine: " + log + ")\n");
  }
}

}  // namespace

std::string write_report(const ResultsDb& db, const std::string& dir) {
  std::vector<json> rows;
  for (const ResultRow& r : db.rows()) rows.push_back(r.columns);
  copy_files(rows, dir);
  std::map<std::string, int> sweeps;
  for (const json& r : rows) ++sweeps[str(r, "sweep")];
  std::string names;
  for (const auto& [n, c] : sweeps) names += fmt::format("{}{} ({} runs)", names.empty() ? "" : ", ", html_escape(n), c);
  std::string page = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bitloom results</title>
<style>
body { font-family: sans-serif; margin: 24px; color: #222; }
.plot { border: 1px solid #ddd; margin: 8px 8px 8px 0; background: #fff; }
.axis { stroke: #444; } .grid { stroke: #eee; } .title { font-size: 14px; font-weight: bold; }
.tick { font-size: 11px; fill: #444; } .label { font-size: 12px; } .front { fill: none; stroke: #000; stroke-dasharray: 4 3; }
table { border-collapse: collapse; font-size: 12px; } th, td { border: 1px solid #ccc; padding: 3px 6px; }
th { cursor: pointer; background: #f4f4f4; }
</style></head><body>
)";
  page += fmt::format("<h1>bitloom results</h1>\n<p>{} runs from {}.</p>\n", rows.size(), names.empty() ? "no sweep" : names);
  page += "<div>" + area_fmax_plot(rows) + efficiency_plot(rows) + synth_plots(rows) + "</div>\n";
  page += "<div>" + accuracy_plots(rows) + cycles_plot(rows) + "</div>\n";
  page += "<h2>Runs</h2>\n" + runs_table(rows) + kScript + "</body></html>\n";
  write_text_file(dir + "/index.html", page);
  return dir + "/index.html";
}

std::string results_csv(const ResultsDb& db) {
  std::string out;
  for (const auto& [name, type] : ResultsDb::schema()) out += (out.empty() ? "" : ",") + name;
  out += "\n";
  for (const ResultRow& r : db.rows()) {
    std::string line;
    bool first = true;
    for (const auto& [name, type] : ResultsDb::schema()) {
      const json& v = r.columns[name];
      std::string text = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump();
      if (text.find_first_of(",\"\n") != std::string::npos) {
        std::string q = "\"";
        for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        text = q + "\"";
      }
      line += (first ? "" : ",") + text;
      first = false;
    }
    out += line + "\n";
  }
  return out;
}

json results_json(const ResultsDb& db) {
  json out = json::array();
  for (const ResultRow& r : db.rows()) out.push_back(r.columns);
  return {{"schema", "bitloom.results/1"}, {"runs", out}};
}

}  // namespace bitloom::dse
