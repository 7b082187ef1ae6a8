#include "generator/arith/compressor_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace bitloom::arith {

int dadda_stages(int height) {
  int stages = 0;
  for (int d = 2; d < height; d = d * 3 / 2) ++stages;
  return stages;
}

TwoRows compress_dadda(BitHeap& heap, const std::string& prefix, TreeStats* stats) {
  BitNetlist& net = heap.net();
  std::vector<std::vector<BitId>> cols = heap.columns_with_constant();
  const int width = heap.width();
  int height = 0;
  for (const auto& c : cols) height = std::max(height, static_cast<int>(c.size()));
  TreeStats st;
  st.height = height;
  st.lower_bound = dadda_stages(height);

  // Targets d_j from the largest below the height down to 2.
  std::vector<int> targets;
  for (int d = 2; d < height; d = d * 3 / 2) targets.push_back(d);
  std::reverse(targets.begin(), targets.end());

  int stage = 0;
  for (int target : targets) {
    ++stage;
    std::vector<std::vector<BitId>> next(width);
    int carries_in = 0;  // carries this stage sends into the current column
    for (int w = 0; w < width; ++w) {
      std::vector<BitId>& bits = cols[w];
      size_t used = 0;  // bits of this column consumed by adders of this stage
      int h = static_cast<int>(bits.size()) + carries_in;
      int carries_out = 0, n = 0;
      while (h > target) {
        const bool full = h - target >= 2;
        if (used + (full ? 3 : 2) > bits.size())
          throw std::logic_error(fmt::format("Dadda stage {} column {}: too few bits", stage, w));
        const std::string name = fmt::format("{}_{}_{}_{}", prefix, stage, w, n++);
        const BitId a = bits[used], b = bits[used + 1], c = full ? bits[used + 2] : -1;
        used += full ? 3 : 2;
        const int cell = net.add_adder(full, a, b, c, stage, w, name);
        next[w].push_back(net.cells()[cell].sum);
        if (w + 1 < width) next[w + 1].push_back(net.cells()[cell].carry);
        ++carries_out;
        h -= full ? 2 : 1;
        ++(full ? st.full_adders : st.half_adders);
      }
      for (size_t i = used; i < bits.size(); ++i) next[w].push_back(bits[i]);
      carries_in = carries_out;
    }
    cols = std::move(next);
  }
  st.stages = stage;
  if (stats) *stats = st;

  TwoRows rows;
  for (int w = 0; w < width; ++w) {
    rows.row0.push_back(cols[w].size() > 0 ? cols[w][0] : net.zero());
    rows.row1.push_back(cols[w].size() > 1 ? cols[w][1] : net.zero());
  }
  return rows;
}

}  // namespace bitloom::arith
