// The cycle model of a 2D-Matrix array with sparse bit-serial PEs (arch matrix_2d,
// pe sparse_serial), from the operands alone. Written from the contract in
// docs/sparse_serial.md, not from the RTL: tiles stream in K beats each, G beats make a
// group (a tile's last group may be shorter), and a group keeps the encoders busy for
// as many cycles as the row with the most nonzero EN-T digits in it has digits, one at
// least. The load buffer holds one group: it fills one beat per cycle after the previous
// group was handed over (a cycle later), and a group is handed over when it is complete
// and the previous one is done.
#pragma once
#include <algorithm>
#include <vector>

#include "generator/arith/ent.hpp"
#include "tb/golden_gemm.hpp"

namespace bitloom::tb {

struct SparseGroup {
  int beats = 0;       // activations per row in the group
  long long cost = 0;  // cycles the encoders issue for it
};

// The groups of one tile (A is R x K).
inline std::vector<SparseGroup> sparse_groups(const Matrix& a, int width, bool is_signed, int group) {
  std::vector<SparseGroup> groups;
  for (int k0 = 0; k0 < a.cols; k0 += group) {
    SparseGroup gr{std::min(group, a.cols - k0), 1};
    for (int r = 0; r < a.rows; ++r) {
      long long nonzero = 0;
      for (int k = k0; k < k0 + gr.beats; ++k)
        nonzero += arith::ent_nonzero_digits(a.at(r, k), width, is_signed);
      gr.cost = std::max(gr.cost, nonzero);
    }
    groups.push_back(gr);
  }
  return groups;
}

// Cycles from a stream's first beat to the end of its last group's issue, for groups
// streamed by a host that offers every beat at once: group 0 is complete G_0 cycles in;
// group n+1 is complete G_{n+1} + 1 cycles after group n was handed over, and is handed
// over once group n has issued for its cost.
inline long long sparse_issue_end(const std::vector<SparseGroup>& groups) {
  long long handover = groups.front().beats;
  for (size_t n = 1; n < groups.size(); ++n)
    handover = std::max(handover + groups[n].beats + 1, handover + groups[n - 1].cost);
  return handover + groups.back().cost;
}

// drain: shift. A tile's results wait in the accumulators, so the next tile's first beat
// is taken only once the last row has left them: `latency + rows - 1` cycles after the
// tile's last issue, the cycle its last result row is on m_c (a host that never stalls).
// Each tile then starts from an empty load buffer, so tiles add up: from the first beat to
// the last result row of a stream of tiles.
inline long long sparse_shift_stream_cycles(const std::vector<std::vector<SparseGroup>>& tiles, long long latency,
                                            int rows) {
  long long cycles = 0;
  for (const auto& groups : tiles) cycles += sparse_issue_end(groups) + latency + rows - 1;
  return cycles;
}

// Issue cycles alone (the sum of the groups' costs), per operand of one row.
inline double sparse_cycles_per_operand(const std::vector<SparseGroup>& groups) {
  long long cycles = 0, operands = 0;
  for (const auto& g : groups) cycles += g.cost, operands += g.beats;
  return static_cast<double>(cycles) / static_cast<double>(operands);
}

}  // namespace bitloom::tb
