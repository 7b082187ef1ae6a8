#include <fmt/format.h>

#include <filesystem>
#include <future>
#include <sstream>

#include "generator/cli/commands.hpp"
#include "generator/cli/synth_workload.hpp"
#include "generator/limits.hpp"
#include "generator/process.hpp"
#include "generator/workload/workload.hpp"
#include "synth/clock_search.hpp"
#include "synth/ppa_tables.hpp"
#include "synth/synth_report.hpp"

namespace bitloom::cli {

namespace {

std::vector<double> parse_clock_list(const std::string& text) {
  std::vector<double> clocks;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
    clocks.push_back(parse_number("--sweep-clock", item, limits::kMinClockNs, limits::kMaxClockNs));
  if (clocks.empty()) throw std::invalid_argument("--sweep-clock needs periods, e.g. 10,7.5,5");
  return clocks;
}

// A clock period in ns within the limits every PPA command accepts.
double period(const ParsedArgs& args, const std::string& option, double fallback) {
  return args.number(option, fallback, limits::kMinClockNs, limits::kMaxClockNs);
}

// Hand-written RTL from --rtl FILE... --top NAME [--param K=V] [--flatten-below M].
SynthTarget rtl_from_args(const ParsedArgs& args, const std::vector<std::string>& files, const std::string& work) {
  if (!args.has("--top")) throw std::invalid_argument("--rtl needs --top NAME");
  return rtl_target(files, args.get("--top"), args.all("--param"), args.all("--flatten-below"),
                    static_cast<long long>(args.unsigned_integer("--macs-per-cycle", 0, 0, 1LL << 40)), work,
                    args.has("--clock") ? args.get("--clock") : "clk");
}

// Options that only a workload spec takes.
void refuse_workload_options(const ParsedArgs& args) {
  for (const char* o : {"--mode", "--rams"})
    if (args.has(o)) throw std::invalid_argument(fmt::format("{} is for workload specs", o));
}

// The target of a synth run: the spec's design (a workload's top for its mode), or
// hand-written RTL with --rtl. `workload` gets the workload's name, if it is one.
SynthTarget target_of(const ParsedArgs& args, const std::string& work, std::string& workload) {
  if (args.has("--rtl")) {
    refuse_workload_options(args);
    return rtl_from_args(args, args.positional, work);
  }
  if (args.positional.size() != 1) throw std::invalid_argument("expected: bitloom synth SPEC.yaml (or --rtl FILE...)");
  for (const char* o : {"--top", "--param", "--flatten-below", "--macs-per-cycle", "--clock"})
    if (args.has(o)) throw std::invalid_argument(fmt::format("{} applies to --rtl", o));
  const std::string text = read_text_file(args.positional[0]);
  if (workload::is_workload_text(text)) {
    const workload::Workload w = workload::load_workload_text(text, args.positional[0]);
    workload = w.name;
    return workload_synth_target(args, w, work);
  }
  refuse_workload_options(args);
  return synth_target(generate_into_work(args.positional[0], work));
}

// Writes the JSON and Markdown of a multi-run report beside the target's runs (and the
// JSON to --json when given); returns the JSON path.
std::string save(const SynthTarget& t, const ParsedArgs& args, const std::string& stem,
                 const nlohmann::ordered_json& j, const std::string& md) {
  const std::string base = t.dir + "/ppa/" + stem;
  write_text_file(base + ".json", j.dump(2) + "\n");
  write_text_file(base + ".md", md);
  if (args.has("--json")) write_text_file(args.get("--json"), j.dump(2) + "\n");
  return base + ".json";
}

FmaxOptions fmax_options(const ParsedArgs& args, bool flat) {
  FmaxOptions f;
  f.flat = flat;
  f.resolution_ns = args.number("--resolution", 0.05, 0.001, 10);
  f.start_ns = period(args, "--start-ns", 10.0);
  f.max_probes = static_cast<int>(args.unsigned_integer("--max-probes", 5, 1, 50));
  return f;
}

}  // namespace

int run_synth(const ParsedArgs& args) {
  const std::string work = args.get("--work", default_work_root());
  std::string workload;
  const SynthTarget t = target_of(args, work, workload);
  const Liberty lib = load_liberty(args.get("--liberty", default_liberty_path()), work);
  const bool flat = args.has("--flat");
  const int modes = args.has("--clock-ns") + args.has("--fmax") + args.has("--sweep-clock");
  if (modes > 1) throw std::invalid_argument("use one of --clock-ns, --fmax, --sweep-clock");
  const std::string tag = fmt::format("{}-{}", lib.name, flat ? "flat" : "hier");

  if (args.has("--fmax")) {
    const FmaxResult f = search_fmax(t, lib, fmax_options(args, flat));
    const std::string md = fmax_markdown(f);
    fmt::print("{}\nreport: {}\n", md, save(t, args, "fmax-" + tag, fmax_json(f), md));
    return kExitOk;
  }
  if (args.has("--sweep-clock")) {
    const auto rows = sweep_clocks(t, lib, flat, parse_clock_list(args.get("--sweep-clock")));
    const std::string md = sweep_markdown(rows);
    fmt::print("{}\nreport: {}\n", md, save(t, args, "sweep-" + tag, sweep_json(rows), md));
    return kExitOk;
  }
  SynthOptions o;
  o.flat = flat;
  if (args.has("--clock-ns")) o.clock_ns = period(args, "--clock-ns", 0);
  const SynthReport r = synthesize(t, lib, o);
  fmt::print("{}", report_markdown(r));
  if (!workload.empty()) {
    const std::string kinds = unit_kind_markdown(area_by_unit_kind(r, workload), r.area);
    write_text_file(r.run_dir + "/unit_kinds.md", kinds);
    fmt::print("\n### Area of {} by unit kind\n\n{}", t.top, kinds);
  }
  fmt::print("\nreport: {}/report.json ({}; {:.1f} s; logs beside it)\n", r.run_dir,
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
  o.clock_ns = period(args, "--clock-ns", 0);
  // Left: the first spec's design. Right: the second spec's, or the --rtl files.
  const SynthTarget a = synth_target(generate_into_work(args.positional[0], work));
  SynthTarget b;
  if (args.has("--rtl")) {
    b = rtl_from_args(args, std::vector<std::string>(args.positional.begin() + 1, args.positional.end()), work);
  } else {
    if (args.positional.size() != 2) throw std::invalid_argument("expected: bitloom compare SPEC1.yaml SPEC2.yaml");
    b = synth_target(generate_into_work(args.positional[1], work));
  }
  auto left = std::async(std::launch::async, [&] { return synthesize(a, lib, o); });
  const SynthReport rb = synthesize(b, lib, o), ra = left.get();
  fmt::print("{}", compare_markdown(ra, rb));
  if (args.has("--json")) write_text_file(args.get("--json"), compare_json(ra, rb).dump(2) + "\n");
  return kExitOk;
}

Command synth_command() {
  return {"synth", "SPEC.yaml | --rtl FILE... --top NAME  [--clock-ns NS | --fmax | --sweep-clock NS,NS,...]",
          "Yosys area and OpenSTA timing against a liberty",
          "Synthesizes the design hierarchically (each distinct module once; totals multiply by\n"
          "instance counts) against a liberty and writes JSON + Markdown reports beside the Yosys\n"
          "and OpenSTA logs; every report records the commands and scripts it ran. Without a\n"
          "clock: area only. With --clock-ns: ABC maps for that clock (delay target, buffering\n"
          "and gate sizing) and OpenSTA checks setup timing (ideal clock on clk, input and output\n"
          "delays 0); exit code 1 when timing is violated. --fmax finds the highest clock that\n"
          "meets timing: slack-guided probes, two at a time, each a real synthesis + STA run\n"
          "(cached), reporting the shortest period that met. --sweep-clock gives one row per\n"
          "period. --rtl synthesizes hand-written Verilog the same way (positional arguments are\n"
          "its files), so it can be compared with a generated design. A kind: workload spec\n"
          "synthesizes the top of its schedule (the spec's mode, or --mode; clock port clk_i)\n"
          "and adds its area by unit kind (banks, cores, SFUs, DMA, controller, movers, glue).",
          {kLiberty, kWork, kClock,
           {"--fmax", "", "search the highest clock that meets timing; report area there"},
           {"--sweep-clock", "NS,NS,...", "one row per clock period: area, slack, met/violated"},
           {"--resolution", "NS", "fmax search stops when the bracket is this narrow (default 0.05)"},
           {"--max-probes", "N", "fmax search stops after this many probes (default 5)"},
           {"--start-ns", "NS", "first period the fmax search tries (default 10)"},
           kFlat, kJson, kRtl, kTop, kParam, kFlattenBelow, kMacs, kClockPort,
           {"--mode", "MODE", "workloads: spec (default), sequential, dataflow or intar"},
           {"--rams", "flops|macros", "workloads: RAMs (buffer banks, panel buffers) as flops (default) or as SRAM "
                                      "macros: black boxes, bits listed, area not counted, timing stops at their ports"}},
          0, 64, run_synth};
}

Command compare_command() {
  return {"compare", "SPEC1.yaml (SPEC2.yaml | --rtl FILE... --top NAME) --clock-ns NS",
          "two designs side by side at one clock",
          "Synthesizes both designs at the same clock and prints area, gate equivalents, flops,\n"
          "MACs per cycle, area efficiency (MAC/s per µm²) and their ratios (right/left). The\n"
          "right side may be hand-written RTL (--rtl; give --macs-per-cycle for efficiency).",
          {kLiberty, kWork, kClock, kFlat, kJson, kRtl, kTop, kParam, kFlattenBelow, kMacs, kClockPort},
          1, 64, run_compare};
}

}  // namespace bitloom::cli
