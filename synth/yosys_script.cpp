#include "synth/yosys_script.hpp"

#include <fmt/format.h>

#include "synth/synth_runner.hpp"

namespace bitloom {

std::string yosys_script(const SynthTarget& t, const Liberty& lib, const SynthOptions& o) {
  std::string s = "# Written by bitloom; run again with: yosys -s synth.ys\n";
  for (const auto& f : t.files) s += "read_verilog " + f + "\n";
  for (const auto& b : t.black_boxes) s += fmt::format("blackbox {}\n", b.module);
  for (const auto& [name, value] : t.params) s += fmt::format("chparam -set {} {} {}\n", name, value, t.top);
  s += fmt::format("hierarchy -check -top {}\n", t.top);
  // Designs made of tiny submodules: their cells become part of these modules.
  for (const auto& m : t.flatten_below) s += fmt::format("flatten {}\n", m);
  s += fmt::format("synth -top {}{}\n", t.top, o.flat ? " -flatten" : "");
  s += fmt::format("dfflibmap -liberty {}\n", lib.path);
  if (o.clock_ns) {
    // Timing-driven: abc.script (beside this one) maps for the clock period (its delay
    // target is written in it; -D here only names it in the log).
    s += fmt::format("abc -liberty {} -D {:.0f} -script abc.script -constr abc.constr\n", lib.path,
                     *o.clock_ns * 1000);
  } else {
    s += fmt::format("abc -liberty {}\n", lib.path);
  }
  s += "opt_clean -purge\n";
  s += fmt::format("tee -o stat.txt stat -liberty {}\n", lib.path);
  s += "tee -q -o stat.json stat -json\n";
  // OpenSTA's Verilog reader rejects concatenations on the left of an assign, which
  // Yosys writes for buses driven by several sources (a constant-zero part of an output
  // bus, say); single-bit nets and ports avoid them.
  s += "splitnets -ports\nopt_clean -purge\n";
  s += "write_verilog -noattr -noexpr netlist.v\n";
  return s;
}

std::vector<AbcMapping> abc_mappings(const std::optional<double>& clock_ns, double overhead_ns) {
  if (!clock_ns) return {{"area", ""}};
  // The logic between two flops has the period less the flops' own delay.
  const std::string d = fmt::format("-D {:.0f}", std::max(0.001, *clock_ns - overhead_ns) * 1000);
  const std::string size = fmt::format("&put; topo; buffer -p; upsize {0}; dnsize {0}\n", d);
  return {{"keep", fmt::format("strash; &get -n; &dch -f; &nf {}; ", d) + size},
          {"restructure", fmt::format("strash; &get -n; &syn2; &b; &dch -f; &nf {}; ", d) + size}};
}

std::string abc_constraints(const Liberty& lib) {
  // Module inputs (ports and flop outputs alike) are driven by a buffer and outputs
  // load about four gates. Without this, ABC takes every input as ideally driven and
  // never buffers a port that fans out inside the module, which hierarchical
  // synthesis turns into huge unbuffered nets between modules.
  const auto buf = lib.cells.find(lib.buffer_cell);
  const double load = 4 * (buf == lib.cells.end() ? 0 : buf->second.input_capacitance);
  return fmt::format("set_driving_cell {}\nset_load {:.6g}\n", lib.buffer_cell, load);
}

}  // namespace bitloom
