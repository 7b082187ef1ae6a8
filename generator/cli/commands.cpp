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
  static const Option kRtl{"--rtl", "", "synthesize the Verilog files given as arguments instead of a spec"};
  static const Option kTop{"--top", "NAME", "top module of the --rtl files"};
  static const Option kParam{"--param", "NAME=VALUE", "override a parameter of the --rtl top", true};
  static const Option kFlattenBelow{"--flatten-below", "MODULE",
                                    "flatten MODULE's submodules into it before synthesis (--rtl)", true};
  static const Option kMacs{"--macs-per-cycle", "N", "useful MACs per cycle of the --rtl design (for area efficiency)"};
  static const std::vector<Command> commands = {
      {"validate", "SPEC.yaml", "check a spec and print its resolved parameters",
       "Reads SPEC.yaml and checks every key. Errors name file:line:col and the key and\n"
       "exit with code 2. Nothing is written.",
       {},
       1, 1, run_validate},
      {"generate", "SPEC.yaml -o DIR", "write RTL, manifest.json and a C++ parameter header",
       "Writes DIR/rtl/*.v (compile order in DIR/manifest.json), DIR/manifest.json and\n"
       "DIR/params.hpp. Output is deterministic. DIR is replaced as a whole once everything\n"
       "is written (a folder that is neither empty nor an earlier bitloom output is refused);\n"
       "on any error it is left as it was. --testbench adds DIR/tb/: a self-checking Verilog\n"
       "test bench with vector files from the golden model, for any simulator\n"
       "(DIR/tb/run_icarus.sh runs it in Icarus).",
       {{"--output", "DIR", "output folder (also -o); required"},
        {"--testbench", "", "also write tb/<top>_tb.v and its $readmemh vector files"},
        kSeed},
       1, 1, run_generate},
      {"sim", "SPEC.yaml", "Verilator regression against the golden model",
       "Generates the design, builds (or reuses) its Verilator + GoogleTest harness and runs\n"
       "it: random and corner-case tiles with bubbles, back-pressure and resets, each\n"
       "checked against an independent golden GEMM. A failing test is rerun with FST\n"
       "tracing and the waveform's path is printed. Exit code 1 on any failure.",
       {kWork, kSeed,
        {"--filter", "GLOB", "run only tests matching this GoogleTest filter"},
        {"--lint-only", "", "only run verilator --lint-only -Wall, Yosys and Icarus parses"},
        {"--simulator", "NAME", "verilator (default: the GoogleTest harness) or icarus (the generated "
                                "Verilog test bench)"},
        {"--rtl-dir", "DIR", "simulate DIR/rtl/*.v (e.g. hand-edited `generate` output) instead"}},
       1, 1, run_sim},
      {"synth", "SPEC.yaml | --rtl FILE... --top NAME  [--clock-ns NS | --fmax | --sweep-clock NS,NS,...]",
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
       "its files), so it can be compared with a generated design.",
       {kLiberty, kWork, kClock,
        {"--fmax", "", "search the highest clock that meets timing; report area there"},
        {"--sweep-clock", "NS,NS,...", "one row per clock period: area, slack, met/violated"},
        {"--resolution", "NS", "fmax search stops when the bracket is this narrow (default 0.05)"},
        {"--max-probes", "N", "fmax search stops after this many probes (default 5)"},
        {"--start-ns", "NS", "first period the fmax search tries (default 10)"},
        kFlat, kJson, kRtl, kTop, kParam, kFlattenBelow, kMacs},
       0, 64, run_synth},
      {"compare", "SPEC1.yaml (SPEC2.yaml | --rtl FILE... --top NAME) --clock-ns NS",
       "two designs side by side at one clock",
       "Synthesizes both designs at the same clock and prints area, gate equivalents, flops,\n"
       "MACs per cycle, area efficiency (MAC/s per µm²) and their ratios (right/left). The\n"
       "right side may be hand-written RTL (--rtl; give --macs-per-cycle for efficiency).",
       {kLiberty, kWork, kClock, kFlat, kJson, kRtl, kTop, kParam, kFlattenBelow, kMacs},
       1, 64, run_compare},
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
