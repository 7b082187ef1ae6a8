// The B panel reader of the workload hardware (issue 14): for a compute core whose stage
// streams B (CoreStage::b_from_stream), it reads, for every tile of the core's job in
// the core's tile order, the K rows of the tile's column panel from DRAM (row k of
// column tile j: L elements from dram_base_i + dram_offset + k * pitch_bytes + j * L *
// element bytes, one DMA command each) and hands them to the core's s_b, one word of L
// elements a beat. It takes the core's own job word (stage, m_bound row tiles, n_bound
// column tiles, k_bound = K, offset) and reads a panel again for every row tile of it:
// the scheduler's "restream" of a panel GEMM (bytes = row tiles x panels x K x L x
// element bytes), unless the stage says `once`: then each panel is read once and a
// panel buffer (panel_buffer.hpp) replays it for the row tiles.
// A panel row narrower than a DRAM beat (a word of L elements, or `group` of them, below
// data_bytes) is read as its whole beat, one beat a command, and the reader takes the
// row's word from it: the same word of the beat for every row of a panel (pitches are
// whole beats), counted on the data side tile by tile in the core's order. The beat's
// other words are read and dropped: the scheduler counts a beat a panel row
// (generator/workload/program.cpp).
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/unit_job.hpp"
#include "hw/module.hpp"

namespace bitloom::workload_rtl {

struct PanelStage {
  long long dram_offset = 0;  // bytes from dram_base_i to B[0][0] of the core's first column tile
  long long pitch_bytes = 8;  // DRAM bytes per row of B
  bool panels = false;        // the core's tile order: column tiles outer
  bool once = false;          // with panels: each panel read once, for a panel buffer to replay
  // DRAM holds B transposed (N x K, pitch_bytes a row): panel j is the L stored rows
  // j * L .. j * L + L - 1 (the last panel: `rows` - (n - 1) * L of them), read a word a
  // command, row by row, for a transposing panel buffer (panel_buffer.hpp) to turn into
  // B's rows. Needs `once` and a group of 1.
  bool transposed = false;
  long long rows = 0;         // transposed: N, the rows DRAM holds
};

bool any_transposed(const std::vector<PanelStage>& stages);
// The stage table columns a transposed B adds, to the reader and the panel buffer alike:
// `transposed`, and `last_row`, the panel row (0 .. L - 1) of the last stored row.
std::vector<StageField<PanelStage>> transposed_stage_fields(int lanes);

// Options of the word movers between a DMA channel and a core's stream (the panel
// reader, the tile writer, dram_tiles.hpp): a command moves `group` words of L elements,
// a whole number of beats. With group > 1 the words are the same row of `group` column
// tiles side by side (tile j of the mover is tiles j * group .. j * group + group - 1 of
// the tensor): the cores of a GEMM split by column tiles, core g taking word g, so that
// a beat wider than a word carries a row of every core's tile.
struct PanelOptions {
  int lanes = 8;          // L
  int elem_width = 8;     // bits of an element (8 or 16)
  int data_bytes = 4;     // bytes per DMA beat; `group` words of L elements must be a whole number of beats
  int addr_bits = 32;     // DRAM byte address width
  int beats_bits = 16;    // the DMA's command beat count width
  int group = 1;          // words a command (a power of two)
};

// The bytes of a command: `group` words of L elements.
inline int command_bytes(const PanelOptions& o) { return o.group * o.lanes * o.elem_width / 8; }
// A command's words are part of one DRAM beat (else a whole number of beats): the reader
// reads the beat and keeps its words, the writer writes the beat with strobes.
inline bool narrow_words(const PanelOptions& o) { return command_bytes(o) < o.data_bytes; }
// A narrow writer's strobes: a bit per word of L elements in the beat.
inline int word_strobes(const PanelOptions& o) { return o.data_bytes * 8 / (o.lanes * o.elem_width); }

// Throws std::invalid_argument (naming `unit` and `name`) for options a word mover cannot
// serve. Returns the bytes of a command (`group` words).
int check_word_options(const std::string& unit, const std::string& name, const PanelOptions& o);

// The reader `name`: s_job / idle_o, dram_base_i, a DMA read client (cmd_*, s_data_*) and
// the B stream m_b_* (group x L lanes of elem_width bits). Throws std::invalid_argument for
// options or stages it cannot serve.
std::vector<hw::Module> dram_panel_reader(const std::string& name, const PanelOptions& o,
                                          const std::vector<PanelStage>& stages);

}  // namespace bitloom::workload_rtl
