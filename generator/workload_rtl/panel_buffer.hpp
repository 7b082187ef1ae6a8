// The B panel buffer of the workload hardware (issue 14): between the panel reader (in
// `once` mode: each panel read from DRAM once) and a core whose job runs column tiles
// outer (CoreStage::panels), it holds a K x L panel and replays it for each of the
// job's row tiles, while the next panel fills the other half. It takes the core's own
// job word (m_bound row tiles = replays, n_bound column tiles = panels, k_bound = K).
// With it a panel GEMM reads B once, as the scheduler counts it (panels x K x L x bytes).
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/dram_panels.hpp"
#include "hw/module.hpp"

namespace bitloom::workload_rtl {

// `max_k`: the longest K a job may have (each half holds that many words). Returns the
// RAM, the output FIFO and the buffer (leaves first): s_job / idle_o, s_panel_* (words
// in), m_b_* (words out to the core's s_b).
// `stages`: the reader's stages, one per job stage; where one reads B transposed
// (PanelStage::transposed), the buffer is skewed (hw/prims/skewed_buffer.hpp) and such a
// stage fills with the panel's stored rows, a row's words in order, and replays column k
// of them as B's row k.
std::vector<hw::Module> panel_buffer(const std::string& name, int lanes, int elem_width, int max_k,
                                     const std::vector<PanelStage>& stages = {});

}  // namespace bitloom::workload_rtl
