// The table of subcommands: name, usage, options and help text in one place.
#include "generator/cli/command.hpp"
#include "generator/cli/commands.hpp"

namespace bitloom::cli {

const std::vector<Command>& all_commands() {
  static const Option kLiberty{"--liberty", "PATH",
                               "cell library (.lib or .lib.gz); default: Debian's osu018"};
  static const Option kWork{"--work", "DIR", "folder for builds and tool runs (default: ./build/work)"};
  static const Option kClock{"--clock-ns", "NS", "clock period for timing-driven mapping and STA"};
  static const Option kFlat{"--flat", "", "flatten before synthesis (default: hierarchical)"};
  static const Option kJson{"--json", "PATH", "also write the JSON report here"};
  static const Option kSeed{"--seed", "N", "random seed for the regression (default: 1)"};
  static const std::vector<Command> commands = {
      {"validate", "SPEC.yaml", "check a spec and print its resolved parameters",
       "Reads SPEC.yaml and checks every key. Errors name file:line:col and the key and\n"
       "exit with code 2. Nothing is written.",
       {},
       1, 1, run_validate},
      {"generate", "SPEC.yaml -o DIR", "write RTL, manifest.json and a C++ parameter header",
       "Writes DIR/rtl/*.v (compile order in DIR/manifest.json), DIR/manifest.json and\n"
       "DIR/params.hpp. Output is deterministic. On any error nothing is written.",
       {{"--output", "DIR", "output folder (also -o); required"}},
       1, 1, run_generate},
      {"sim", "SPEC.yaml", "Verilator regression against the golden model",
       "Generates the design, builds (or reuses) its Verilator + GoogleTest harness and runs\n"
       "it: random and corner-case tiles with bubbles, back-pressure and resets, each\n"
       "checked against an independent golden GEMM. A failing test is rerun with FST\n"
       "tracing and the waveform's path is printed. Exit code 1 on any failure.",
       {kWork, kSeed,
        {"--filter", "GLOB", "run only tests matching this GoogleTest filter"},
        {"--lint-only", "", "only run verilator --lint-only -Wall, Yosys and Icarus parses"},
        {"--rtl-dir", "DIR", "simulate DIR/rtl/*.v (e.g. hand-edited `generate` output) instead"}},
       1, 1, run_sim},
      {"synth", "SPEC.yaml [--clock-ns NS | --fmax | --sweep-clock NS,NS,...]",
       "Yosys area and OpenSTA timing against a liberty",
       "Synthesizes the design hierarchically (each distinct module once; totals multiply by\n"
       "instance counts) against a liberty and writes JSON + Markdown reports beside the Yosys\n"
       "and OpenSTA logs. Without a clock: area only. With --clock-ns: ABC maps for that\n"
       "delay (abc -D) and OpenSTA checks setup timing (ideal clock on clk, input and output\n"
       "delays 0); exit code 1 when timing is violated. --fmax bisects the period (each probe\n"
       "a real synthesis + STA run, cached) down to --resolution. --sweep-clock gives one row\n"
       "per period.",
       {kLiberty, kWork, kClock,
        {"--fmax", "", "search the highest clock that meets timing; report area there"},
        {"--sweep-clock", "NS,NS,...", "one row per clock period: area, slack, met/violated"},
        {"--resolution", "NS", "fmax search stops when the bracket is this narrow (default 0.02)"},
        {"--start-ns", "NS", "first period the fmax search tries (default 10)"},
        kFlat, kJson},
       1, 1, run_synth},
      {"compare", "SPEC1.yaml SPEC2.yaml --clock-ns NS", "two designs side by side at one clock",
       "Synthesizes both designs at the same clock and prints area, gate equivalents, flops,\n"
       "MACs per cycle, area efficiency (MAC/s per µm²) and their ratios (right/left).",
       {kLiberty, kWork, kClock, kFlat, kJson},
       2, 2, run_compare},
      {"accuracy", "SPEC.yaml [--synth]", "error of a GELU/softmax unit against double, and its cost",
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
       1, 1, run_accuracy},
      {"flow", "SPEC.yaml", "generate + lint + sim + synth, one summary table",
       "Runs every stage on SPEC.yaml and prints one summary. Exit code 1 if any stage fails.",
       {kLiberty, kWork, kSeed, {"--output", "DIR", "where to write the RTL (default: WORK/<top>/rtl)"}},
       1, 1, run_flow},
  };
  return commands;
}

}  // namespace bitloom::cli
