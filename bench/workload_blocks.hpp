// The workload hardware's building blocks (hw/prims/) at the sizes an enc_tiny-class
// workload uses, each written as Verilog files for the synthesis flow: the blocks the
// PPA bench sizes up and the synth test puts through Yosys.
#pragma once
#include <fmt/format.h>

#include <string>
#include <vector>

#include "generator/os_array.hpp"
#include "generator/process.hpp"
#include "generator/workload_rtl/buffer_rows.hpp"
#include "generator/workload_rtl/compute_core.hpp"
#include "generator/workload_rtl/dram_panels.hpp"
#include "generator/workload_rtl/dram_rows.hpp"
#include "generator/workload_rtl/panel_buffer.hpp"
#include "hw/printer.hpp"
#include "hw/prims/controller.hpp"
#include "hw/prims/dma.hpp"
#include "hw/prims/skewed_buffer.hpp"
#include "hw/prims/stream_units.hpp"
#include "synth/synth_target.hpp"

namespace bitloom::bench {

struct Block {
  std::string label;
  std::vector<hw::Module> modules;  // leaves first, the top last
  std::vector<VerilogModule> text_modules = {};  // generated Verilog text it instantiates (arrays)
};

// enc_tiny's compute core: an 8 x 8 MAC array of int9 operands (u8 probabilities fit),
// K up to 256, 4096-word buffers, and stages of every kind of source and destination.
inline Block compute_core_block() {
  GemmConfig g;
  g.name = "wl_core_array";
  g.rows = g.cols = 8;
  g.a = g.b = Operand{9, true};
  g.k_max = 256;
  g.c_width = no_overflow_width(g.a, g.b, g.k_max);
  const bitloom::Design array = build_os_array(g);
  workload_rtl::CoreOptions o;
  o.lanes = 8;
  o.address_bits = 12;
  // Stages of every kind: A and B in buffers (rows order), B streamed with results
  // streamed (panels), unsigned A with ReLU, Q.K^T (B transposed in its buffer).
  auto stage = [](long long a_base, long long a_pitch, long long b_base, long long b_pitch, long long out_base,
                  long long out_pitch, int shift) {
    workload_rtl::CoreStage s;
    s.a_base = a_base;
    s.a_pitch = a_pitch;
    s.b_base = b_base;
    s.b_pitch = b_pitch;
    s.out_base = out_base;
    s.out_pitch = out_pitch;
    s.out_rows = 128;
    s.out_cols = 64;
    s.shift = shift;
    return s;
  };
  std::vector<workload_rtl::CoreStage> stages = {stage(0, 8, 1024, 8, 2048, 8, 6), stage(2048, 8, 0, 1, 0, 1, 7),
                                                 stage(1024, 32, 3072, 8, 0, 8, 8), stage(0, 8, 3584, 8, 2048, 16, 7)};
  stages[1].b_from_stream = stages[1].out_to_stream = stages[1].panels = true;
  stages[2].a_signed = false;
  stages[2].relu = true;
  stages[3].b_columns = true;
  stages[3].out_cols = 128;
  Block b{"compute core: 8x8 MAC array (int9), fetch, epilogue, demux, 4 stages", {}, array.modules};
  b.modules = workload_rtl::compute_core("wl_core", array, o, stages);
  return b;
}

// enc_tiny's DRAM row movers: 8 lanes of int8 on a 4-byte bus, four tensors (X, Y and
// two 128 x 256 ones), 4096-word buffers.
inline std::vector<workload_rtl::RowStage> row_stages() {
  return {{0, 64, 128, 8, 0, 8}, {8192, 64, 128, 8, 1024, 8}, {16384, 256, 128, 32, 2048, 32},
          {49152, 256, 128, 32, 0, 32}};
}
inline workload_rtl::RowOptions row_options() {
  workload_rtl::RowOptions o;
  o.lanes = 8;
  o.data_bytes = 4;
  o.address_bits = 12;
  return o;
}

inline workload_rtl::PanelOptions panel_options() {
  workload_rtl::PanelOptions o;
  o.lanes = 8;
  o.data_bytes = 4;
  return o;
}

// enc_tiny's on-chip row streams: 8 lanes of int8, 4096-word buffers, four tensors.
inline std::vector<workload_rtl::BufferRowStage> buffer_row_stages() {
  return {{0, 8, 128, 64}, {1024, 8, 128, 64}, {2048, 32, 128, 256}, {3072, 16, 128, 128}};
}

inline std::vector<Block> workload_blocks() {
  using namespace hw::prims;
  DmaOptions dma;  // 8 bytes per cycle, 64-beat bursts, three read streams
  dma.data_bytes = 8;
  dma.max_burst = 64;
  dma.buffer_beats = 64;
  dma.clients = 3;
  std::vector<Instruction> program;
  for (int i = 0; i < 30; ++i) program.push_back({Instruction::Op::kRun, i % 4, i % 8, i, 2 * i, 3 * i, i});
  program.push_back({Instruction::Op::kSync});
  program.push_back({Instruction::Op::kHalt});
  return {{"DMA read, 3 clients, 8-byte beats, 64-beat bursts and buffers", dma_read("wl_dma_read", dma)},
          {"DMA write, 8-byte beats, 64-beat bursts", dma_write("wl_dma_write", dma)},
          {"GEMM epilogue, 16 lanes, 28-bit to int8", gemm_epilogue("wl_epilogue", 16, 28, 8, true)},
          {"saturating add, 16 lanes of int8", saturating_add("wl_add", 16, 8, true)},
          {"skewed buffer, 16 banks x 64 words x 8 bits (1 KiB, flops)", skewed_buffer("wl_buffer", 16, 8, 64)},
          {"controller, 4 units, 32 instructions", workload_controller("wl_controller", 4, program, 2)},
          compute_core_block(),
          {"DRAM row loader, 8 lanes of int8, 4-byte beats, 4 stages", workload_rtl::dram_loader("wl_loader", row_options(), row_stages())},
          {"DRAM row storer, 8 lanes of int8, 4-byte beats, 4 stages", workload_rtl::dram_storer("wl_storer", row_options(), row_stages())},
          {"B panel reader, 8 lanes of int8, 4-byte beats, 3 stages",
           workload_rtl::dram_panel_reader("wl_panels", panel_options(), {{0, 64, false}, {4096, 256, true}, {4160, 256, true}})},
          {"B panel buffer, 8 lanes of int8, K up to 64 (2 x 64 words, flops)",
           workload_rtl::panel_buffer("wl_panel_buffer", 8, 8, 64)},
          {"buffer row reader, 8 lanes of int8, 4 stages",
           workload_rtl::buffer_row_reader("wl_row_reader", {8, 8, 12}, buffer_row_stages())},
          {"buffer row writer, 8 lanes of int8, 4 stages",
           workload_rtl::buffer_row_writer("wl_row_writer", {8, 8, 12}, buffer_row_stages())}};
}

// The block's modules as one file each under `dir`, and its synthesis target.
inline SynthTarget block_target(const Block& b, const std::string& dir, const std::string& work) {
  std::vector<std::string> files;
  for (const auto& v : b.text_modules) {
    files.push_back(fmt::format("{}/{}.v", dir, v.name));
    write_text_file(files.back(), v.text);
  }
  for (const auto& m : b.modules) {
    files.push_back(fmt::format("{}/{}.v", dir, m.name()));
    write_text_file(files.back(), hw::print_module(m));
  }
  return rtl_target(files, b.modules.back().name(), {}, {}, 0, work, "clk_i");
}

}  // namespace bitloom::bench
