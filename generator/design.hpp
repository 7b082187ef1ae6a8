// The generator's intermediate representation: the modules of one design (leaves
// first, the order a compiler reads them), its interface facts, and its parameters.
// Emitters turn it into Verilog files, manifest.json and a C++ parameter header.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "generator/spec.hpp"
#include "hw/module.hpp"
#include "hw/stream.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom {

struct Design {
  std::string top;
  BlockKind kind = BlockKind::kGemm;
  std::string protocol;   // os_tile | ws_stream | elementwise | softmax_rows
  std::vector<VerilogModule> modules;
  std::vector<hw::Stream> streams;  // the top's AXI4-Stream bundles, in port order
  nlohmann::ordered_json params;  // written to the manifest and the C++ header
  int latency_cycles = 0;          // first input beat to first output beat, one-beat tile, no stalls
  int latency_cycles_per_beat = 0; // added per extra input beat of a tile
  long long macs_per_beat = 0;     // useful multiply-accumulates per input beat
  nlohmann::ordered_json tree;     // compressor-tree statistics (carry-save PEs), else null
  // GEMM arrays: module step_proof, the PE kind's arithmetic contract for the formal proof
  // of the step module (generator/step_reference.hpp); the flows never derive it.
  std::string step_reference;
  // Set when the proof's subject is a sequential module (the sparse PE) instead of the
  // step: the proof turns its flip-flops into free inputs and outputs first.
  std::string proof_everts;
  // Integer data of a unit's bit-exact model (tables, constants): params.hpp only, so
  // test benches rebuild the model the generator computed, never a re-fit.
  nlohmann::ordered_json model;
};

// Builds the IR for a validated spec.
Design build_design(const Spec& spec);

// The ports of one of the design's modules, read from its header (hw/header_reader.hpp),
// for checking instances of it.
hw::Module module_interface(const Design& d, const std::string& module);

}  // namespace bitloom
