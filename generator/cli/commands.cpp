// The table of subcommands, in the order `bitloom --help` lists them.
#include "generator/cli/commands.hpp"

namespace bitloom::cli {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {validate_command(), generate_command(), sim_command(), synth_command(), compare_command(), accuracy_command(), flow_command(), schedule_command(), sweep_command(),
                                                 results_command(), report_command()};
  return commands;
}

}  // namespace bitloom::cli
