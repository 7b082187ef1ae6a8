// The result tile writer of the workload hardware (issue 14): for a compute core whose
// stage streams its results (CoreStage::out_to_stream) into a tensor that lives in DRAM,
// it writes every result row the core hands it to its place in DRAM through the DMA
// write channel: row r of tile (i, j) is L elements at dram_base_i + dram_offset +
// ((offset + i) * L + r) * pitch_bytes + j * L * element bytes, one DMA command each;
// two rows are in flight, so the next row's command goes out under the current row's
// beats.
// It takes the core's own job word (stage, m_bound row tiles, n_bound column tiles,
// offset) and follows the core's tile order; the core's tlast (a tile's last kept row)
// moves it to the next tile, so rows the core drops past M are never written. Lanes
// past N are zeros from the core and land in the row's pitch padding: a row block's
// bytes are rows x pitch, as the scheduler counts them, when the pitch is the columns
// padded to L (the generator refuses other pitches).
// A row narrower than a DRAM beat (`group` words of L elements below data_bytes) goes
// out as a one-beat command at its beat's address, the row in every place of the beat,
// with m_data_tstrb (a bit per core word of L elements) marking the row's own: the DMA
// write channel's strobes (hw/prims/dma.hpp, strobe_bytes = L elements).
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/dram_panels.hpp"
#include "hw/module.hpp"

namespace bitloom::workload_rtl {

struct TileStage {
  long long dram_offset = 0;  // bytes from dram_base_i to the tensor's row 0
  long long pitch_bytes = 8;  // DRAM bytes per row
  bool panels = false;        // the core's tile order: column tiles outer
};

// The panel reader's options: both move words of L elements on a DMA channel.
using TileOptions = PanelOptions;

// With TileOptions::group > 1 it writes the rows of `group` cores that split a GEMM's
// column tiles (core g of the group has tiles g, g + group, ...), joined side by side:
// s_res carries group x L lanes, and its tile j is the group's tiles j * group on.
//
// The writer `name`: s_job / idle_o, dram_base_i, the results s_res_* (group x L lanes, tlast;
// tkeep is not needed), a DMA write command port cmd_* and data stream m_data_*. idle_o
// means every byte of its jobs is handed to the DMA. Throws std::invalid_argument for
// options or stages it cannot serve.
std::vector<hw::Module> dram_tile_writer(const std::string& name, const TileOptions& o,
                                         const std::vector<TileStage>& stages);

}  // namespace bitloom::workload_rtl
