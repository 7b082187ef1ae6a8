// Streams out of and into a skewed buffer, row by row: how the elementwise units (GELU,
// softmax, the saturating add) and FIFO edges meet the buffers (issue 14). A tensor of
// rows x cols lives from word buf_base on, buf_pitch words a row, ceil(cols / L) words
// of elements a row. Jobs: m_bound row blocks of L rows from row block `offset`,
// clipped to the tensor.
// - The reader streams the job's rows, a word a beat (m_row_*), tlast on each row's last
//   word, tkeep 0 on lanes past cols (a softmax must not see them).
// - The writer takes a stream of such rows (s_row_*) and writes each beat as a row slice;
//   lanes with tkeep 0 or past cols are written as 0, so padded columns are zero for
//   later readers (a unit without tkeep, such as GELU, may feed it).
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::workload_rtl {

struct BufferRowStage {
  long long buf_base = 0, buf_pitch = 1;  // buffer words
  long long rows = 1, cols = 1;           // the tensor
  // > 0: the region is a block FIFO of this many row blocks between this unit and a core
  // or another unit: row block b is in slot b mod ring_blocks. The reader waits for
  // ring_ready_i before a block's first read (ring_take_o) and frees the slot after its
  // last (ring_free_o); the writer waits for ring_room_i before a block's first write
  // (ring_claim_o) and says it is filled after its last (ring_done_o). Ring jobs start
  // at row block 0. The ring ports exist only when some stage has a ring.
  long long ring_blocks = 0;
};

struct BufferRowOptions {
  int lanes = 8;
  int elem_width = 8;
  int address_bits = 10;
};

// True if some stage has a ring (the unit then has its ring ports).
bool any_ring(const std::vector<BufferRowStage>& stages);

std::vector<hw::Module> buffer_row_reader(const std::string& name, const BufferRowOptions& o,
                                          const std::vector<BufferRowStage>& stages);
std::vector<hw::Module> buffer_row_writer(const std::string& name, const BufferRowOptions& o,
                                          const std::vector<BufferRowStage>& stages);

}  // namespace bitloom::workload_rtl
