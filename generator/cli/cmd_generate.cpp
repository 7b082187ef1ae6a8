#include <fmt/format.h>

#include "generator/cli/commands.hpp"
#include "generator/design.hpp"
#include "generator/emit.hpp"
#include "tb/runner/icarus_runner.hpp"

namespace bitloom::cli {

int run_validate(const ParsedArgs& args) {
  const Spec spec = load_spec(args.positional[0]);
  const Design design = build_design(spec);
  fmt::print("{}: ok: {} {} (sha256 {})\n", spec.file, design.kind, design.top, spec.sha256);
  for (const auto& [key, value] : design.params.items()) fmt::print("  {:<18} {}\n", key, value.dump());
  return kExitOk;
}

int run_generate(const ParsedArgs& args) {
  if (!args.has("--output")) throw std::invalid_argument("generate needs -o DIR");
  const Spec spec = load_spec(args.positional[0]);
  const Design design = build_design(spec);
  const std::string dir = args.get("--output");
  FileSet files = render_design(spec, design);
  if (args.has("--testbench")) {
    const FileSet tb = testbench_files(design, args.unsigned_integer("--seed", 1));
    files.insert(tb.begin(), tb.end());
  }
  write_file_set(dir, files);
  fmt::print("{}: wrote {} modules of {} to {}\n", spec.file, design.modules.size(), design.top, dir);
  return kExitOk;
}

}  // namespace bitloom::cli
