// One Verilator executable (model + C++ test bench), built once per cache folder: the
// block harnesses (sim_runner.cpp) and the workload harness (`bitloom sim` on a
// workload) both build through it, so both get the same lean flags, ccache, lock and
// all-or-nothing cache entry.
#pragma once
#include <string>
#include <vector>

namespace bitloom {

struct VerilatedBuild {
  std::string dir;                   // the cache entry: DIR/obj/harness once complete
  std::string top, prefix;           // --top-module and the model class (V<top>)
  std::vector<std::string> rtl;      // Verilog files
  std::vector<std::string> sources;  // C++ test bench files (absolute)
  std::string cflags, ldflags;       // beyond -std=c++17 and the project include
  bool traced = false;               // --trace-fst
  std::string what;                  // for messages: "the Verilator harness of <top>"
};

struct VerilatedExecutable {
  std::string path;
  bool reused = false;
  double seconds = 0;  // build time (0 when reused)
};

// The cache key's tool part: the Verilator version and the make flags, so that a new
// tool or new flags build afresh.
std::string verilated_build_key();

// Reuses DIR/obj/harness when it exists; else builds it in a scratch folder beside DIR
// and renames that into place after the link (a cache entry exists only once complete),
// under a lock on DIR.lock. Throws ToolError naming DIR/build.log when the build fails.
VerilatedExecutable build_verilated(const VerilatedBuild& b);

}  // namespace bitloom
