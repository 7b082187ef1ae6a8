#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "generator/cli/commands.hpp"
#include "generator/process.hpp"
#include "synth/ppa_tables.hpp"
#include "synth/synth_report.hpp"

namespace bitloom::cli {

namespace {

std::vector<double> parse_clock_list(const std::string& text) {
  std::vector<double> clocks;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    ParsedArgs one;
    one.values["--sweep-clock"] = item;
    const double ns = one.number("--sweep-clock", 0);
    if (ns <= 0) throw std::invalid_argument(fmt::format("--sweep-clock: '{}' is not a period in ns", item));
    clocks.push_back(ns);
  }
  if (clocks.empty()) throw std::invalid_argument("--sweep-clock needs periods, e.g. 10,7.5,5");
  return clocks;
}

double positive(const ParsedArgs& args, const std::string& option, double fallback) {
  const double v = args.number(option, fallback);
  if (v <= 0) throw std::invalid_argument(fmt::format("{} must be positive", option));
  return v;
}

// Writes the JSON and Markdown of a multi-run report into the design's work folder
// (and the JSON to --json when given); returns the JSON path.
std::string save(const Generated& g, const ParsedArgs& args, const std::string& stem,
                 const nlohmann::ordered_json& j, const std::string& md) {
  const std::string base = g.dir + "/ppa/" + stem;
  write_text_file(base + ".json", j.dump(2) + "\n");
  write_text_file(base + ".md", md);
  if (args.has("--json")) write_text_file(args.get("--json"), j.dump(2) + "\n");
  return base + ".json";
}

}  // namespace

int run_synth(const ParsedArgs& args) {
  const std::string work = args.get("--work", default_work_root());
  const Generated g = generate_into_work(args.positional[0], work);
  const Liberty lib = load_liberty(args.get("--liberty", default_liberty_path()), work);
  const bool flat = args.has("--flat");
  const int modes = args.has("--clock-ns") + args.has("--fmax") + args.has("--sweep-clock");
  if (modes > 1) throw std::invalid_argument("use one of --clock-ns, --fmax, --sweep-clock");
  const std::string tag = fmt::format("{}-{}", lib.name, flat ? "flat" : "hier");

  if (args.has("--fmax")) {
    const FmaxResult f = search_fmax(g, lib, flat, positive(args, "--resolution", 0.02),
                                     positive(args, "--start-ns", 10.0));
    const std::string md = fmax_markdown(f);
    fmt::print("{}\nreport: {}\n", md, save(g, args, "fmax-" + tag, fmax_json(f), md));
    return kExitOk;
  }
  if (args.has("--sweep-clock")) {
    const auto rows = sweep_clocks(g, lib, flat, parse_clock_list(args.get("--sweep-clock")));
    const std::string md = sweep_markdown(rows);
    fmt::print("{}\nreport: {}\n", md, save(g, args, "sweep-" + tag, sweep_json(rows), md));
    return kExitOk;
  }
  SynthOptions o;
  o.flat = flat;
  if (args.has("--clock-ns")) o.clock_ns = positive(args, "--clock-ns", 0);
  const SynthReport r = synthesize(g, lib, o);
  fmt::print("{}", report_markdown(r));
  fmt::print("\nreport: {}/report.json ({}; Yosys {:.1f} s; logs beside it)\n", r.run_dir,
             r.cached ? "cached" : "fresh", r.seconds);
  if (args.has("--json")) write_text_file(args.get("--json"), read_text_file(r.run_dir + "/report.json"));
  return r.timing && !r.timing->met ? kExitFailure : kExitOk;
}

int run_compare(const ParsedArgs& args) {
  const std::string work = args.get("--work", default_work_root());
  if (!args.has("--clock-ns")) throw std::invalid_argument("compare needs --clock-ns NS");
  const Liberty lib = load_liberty(args.get("--liberty", default_liberty_path()), work);
  SynthOptions o;
  o.flat = args.has("--flat");
  o.clock_ns = positive(args, "--clock-ns", 0);
  const Generated a = generate_into_work(args.positional[0], work);
  const Generated b = generate_into_work(args.positional[1], work);
  const SynthReport ra = synthesize(a, lib, o), rb = synthesize(b, lib, o);
  const std::string md = compare_markdown(ra, rb);
  fmt::print("{}", md);
  const auto j = compare_json(ra, rb);
  if (args.has("--json")) write_text_file(args.get("--json"), j.dump(2) + "\n");
  return kExitOk;
}

}  // namespace bitloom::cli
