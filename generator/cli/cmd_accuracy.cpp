#include <fmt/format.h>

#include "generator/cli/commands.hpp"
#include "generator/nonlinear/accuracy_report.hpp"
#include "generator/process.hpp"
#include "generator/workspace.hpp"
#include "synth/clock_search.hpp"

namespace bitloom::cli {

int run_accuracy(const ParsedArgs& args) {
  const Spec spec = load_spec(args.positional[0]);
  if (spec.kind == BlockKind::kGemm)
    throw std::invalid_argument("accuracy applies to kind gelu and softmax; a GEMM core is exact (see `bitloom sim`)");
  AccuracyOptions o;
  o.suite.seed = args.unsigned_integer("--seed", 1);
  o.suite.vectors = static_cast<long long>(args.unsigned_integer("--vectors", 100000, 1, 1000000));
  const std::string work = args.get("--work", default_work_root());
  std::optional<AccuracyPpa> ppa;
  if (args.has("--synth")) {
    const Generated g = generate_into_work(args.positional[0], work);
    const Liberty lib = load_liberty(args.get("--liberty", default_liberty_path()), work);
    FmaxOptions fo;
    fo.resolution_ns = args.number("--resolution", 0.05, 0.001, 10);
    const FmaxResult f = search_fmax(g, lib, fo);
    AccuracyPpa p;
    p.liberty = lib.name;
    p.fmax_mhz = f.fmax_mhz();
    p.area_at_fmax = f.at_fmax.area;
    p.area_no_clock = synthesize(g, lib, {}).area;
    ppa = p;
  }
  const auto report = accuracy_report(spec, o, ppa);
  const std::string md = accuracy_markdown(report);
  const std::string out = args.get("--output", fmt::format("{}/{}/accuracy", work, spec.nonlinear.name));
  write_text_file(out + "/accuracy.json", report.dump(2) + "\n");
  write_text_file(out + "/accuracy.md", md);
  fmt::print("{}\nreport: {}/accuracy.json and accuracy.md\n", md, out);
  return kExitOk;
}

Command accuracy_command() {
  return {"accuracy", "SPEC.yaml [--synth]", "error of a GELU/softmax unit against double, and its cost",
          "Runs the unit's bit-exact model (the RTL equals it bit for bit; `bitloom sim` checks\n"
          "that) against double precision: every input code for GELU (std::erf), seeded Gaussian\n"
          "vectors for softmax (std::exp; lengths 1, 2, 3, 7, 64, 197, 1024 up to max_len, sigma\n"
          "0.5..8). Prints and writes JSON (schema bitloom.accuracy/1) and Markdown: max/mean/RMS\n"
          "error in absolute terms and output LSBs, % correctly rounded, |sum - 1| and argmax\n"
          "agreement for softmax, table rows x bits, multipliers, latency. --synth adds fmax and\n"
          "area from the PPA flow (Yosys + OpenSTA; minutes).",
          {kWork, kSeed, kLiberty,
           {"--vectors", "N", "softmax vectors (default 100000)"},
           {"--synth", "", "also search fmax and report area (needs RTL for the method)"},
           {"--resolution", "NS", "fmax search resolution with --synth (default 0.05)"},
           {"--output", "DIR", "where to write accuracy.json/.md (default WORK/<name>/accuracy)"}},
          1, 1, run_accuracy};
}

}  // namespace bitloom::cli
