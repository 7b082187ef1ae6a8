#include <fmt/format.h>

#include <filesystem>

#include "generator/cli/commands.hpp"
#include "generator/process.hpp"
#include "synth/synth_report.hpp"

namespace bitloom::cli {

int run_synth(const ParsedArgs& args) {
  const std::string work = args.get("--work", default_work_root());
  const Generated g = generate_into_work(args.positional[0], work);
  const Liberty lib = load_liberty(args.get("--liberty", default_liberty_path()), work);
  const SynthReport r = synthesize(g, lib, {});
  fmt::print("{}", report_markdown(r));
  fmt::print("\nreport: {}/report.json ({}; Yosys {:.1f} s)\n", r.run_dir,
             r.cached ? "cached" : "fresh", r.seconds);
  if (args.has("--json"))
    write_text_file(args.get("--json"), read_text_file(r.run_dir + "/report.json"));
  return kExitOk;
}

}  // namespace bitloom::cli
