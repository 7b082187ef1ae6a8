// The DRAM row movers' test benches: per variant a loader and a storer between the real
// DMA channels and a real skewed buffer (with a host read port for the test), so that a
// tensor goes DRAM -> buffer -> DRAM. Variants cover a bus wider than a buffer word
// (two slots a beat, a padding slot per row), a narrower one (two beats a slot) and
// one of the same width. write_workload_rtl writes them; the tests read the stages.
#pragma once
#include <fmt/format.h>

#include <string>
#include <vector>

#include "generator/workload_rtl/dram_rows.hpp"
#include "hw/prims/dma.hpp"
#include "hw/prims/prims.hpp"
#include "hw/prims/skewed_buffer.hpp"

namespace bitloom::rows_test {

inline constexpr int kAddrBits = 16;  // 64 KiB of DRAM

struct Variant {
  std::string name;
  workload_rtl::RowOptions o;
  long long cols;                        // the tensor's columns (stage 0 loads it, stage 1 stores it)
  std::vector<workload_rtl::RowStage> stages;
};

inline workload_rtl::RowOptions row_options(int lanes, int elem_width, int data_bytes) {
  workload_rtl::RowOptions o;
  o.lanes = lanes;
  o.elem_width = elem_width;
  o.data_bytes = data_bytes;
  o.addr_bits = kAddrBits;
  o.beats_bits = 12;
  o.address_bits = 7;
  return o;
}

// Stage 0 loads rows x cols from byte 0x40 past the base into the buffer from word 5 on,
// stage 1 stores it at 0x800.
inline Variant variant(const std::string& name, int lanes, int elem_width, int data_bytes, long long rows, long long cols) {
  Variant v{name, row_options(lanes, elem_width, data_bytes), cols, {}};
  const long long eb = elem_width / 8, words = (cols + lanes - 1) / lanes;
  const long long pitch = (words * lanes * eb + data_bytes - 1) / data_bytes * data_bytes;
  workload_rtl::RowStage s{0x40, pitch, rows, words, 5, words + 1};  // a gap word after each row
  v.stages = {s, s};
  v.stages[1].dram_offset = 0x800;
  return v;
}

inline std::vector<Variant> variants() {
  return {variant("rows_g2", 4, 8, 8, 13, 10),    // 12-byte rows in 16: two slots a beat, one of them padding
          variant("rows_b2", 4, 16, 4, 9, 6),     // 8-byte words on a 4-byte bus: two beats a slot
          variant("rows_g1", 8, 8, 8, 11, 20)};   // a word a beat
}

inline hw::prims::DmaOptions dma_options(const Variant& v) {
  hw::prims::DmaOptions d;
  d.data_bytes = v.o.data_bytes;
  d.addr_bits = kAddrBits;
  d.max_burst = 8;  // short bursts: a row block is several
  d.beats_bits = v.o.beats_bits;
  d.buffer_beats = 16;
  d.queued = 2;
  d.pending_writes = 3;
  return d;
}

}  // namespace bitloom::rows_test
