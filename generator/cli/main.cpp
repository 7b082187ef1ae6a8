// bitloom: YAML spec -> Verilog -> Verilator regression -> Yosys/OpenSTA PPA.
#include <fmt/format.h>

#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "generator/cli/command.hpp"
#include "generator/spec_error.hpp"
#include "generator/version.hpp"

using namespace bitloom::cli;

namespace {
void print_overview() {
  fmt::print("bitloom {}: DNN accelerator RTL from YAML specs\n\nusage: bitloom COMMAND ...\n\n",
             bitloom::kVersion);
  for (const auto& c : all_commands()) fmt::print("  {:<10} {}\n", c.name, c.summary);
  fmt::print("\n`bitloom COMMAND --help` describes one command.\n");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help") ||
      !std::strcmp(argv[1], "help")) {
    print_overview();
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  if (!std::strcmp(argv[1], "--version")) {
    fmt::print("bitloom {}\n", bitloom::kVersion);
    return kExitOk;
  }
  const std::string name = argv[1];
  for (const auto& c : all_commands()) {
    if (c.name != name) continue;
    std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& a : args)
      if (a == "-h" || a == "--help") {
        fmt::print("{}", c.help());
        return kExitOk;
      }
    try {
      return c.run(c.parse(args));
    } catch (const std::invalid_argument& e) {
      fmt::print(stderr, "bitloom {}: {}\n", name, e.what());
      return kExitBadInput;
    } catch (const bitloom::SpecError& e) {
      fmt::print(stderr, "{}\n", e.what());
      return kExitBadInput;
    } catch (const std::exception& e) {
      fmt::print(stderr, "bitloom {}: error: {}\n", name, e.what());
      return kExitFailure;
    }
  }
  fmt::print(stderr, "bitloom: unknown command '{}'\n\n", name);
  print_overview();
  return kExitBadInput;
}
