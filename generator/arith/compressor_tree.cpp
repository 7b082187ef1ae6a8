#include "generator/arith/compressor_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace bitloom::arith {

namespace {

int tallest(const std::vector<std::vector<BitId>>& cols) {
  int height = 0;
  for (const auto& c : cols) height = std::max(height, static_cast<int>(c.size()));
  return height;
}

// The latest bit left in the columns.
int latest_bit(const BitNetlist& net, const std::vector<std::vector<BitId>>& cols) {
  int latest = 0;
  for (const auto& c : cols)
    for (BitId b : c) latest = std::max(latest, net.arrival(b));
  return latest;
}

// The two rows left once every column holds at most two bits.
TwoRows two_rows(BitNetlist& net, const std::vector<std::vector<BitId>>& cols) {
  TwoRows rows;
  for (const auto& c : cols) {
    rows.row0.push_back(c.size() > 0 ? c[0] : net.zero());
    rows.row1.push_back(c.size() > 1 ? c[1] : net.zero());
  }
  return rows;
}

// The reduced heap's rows, and the stats of the reduction that left them.
TwoRows finish(BitNetlist& net, const std::vector<std::vector<BitId>>& cols, TreeStats st, int stages,
               TreeStats* stats) {
  st.stages = stages;
  st.latest = latest_bit(net, cols);
  if (stats) *stats = st;
  return two_rows(net, cols);
}

}  // namespace

int dadda_stages(int height) {
  int stages = 0;
  for (int d = 2; d < height; d = d * 3 / 2) ++stages;
  return stages;
}

TwoRows compress_dadda(BitHeap& heap, const std::string& prefix, TreeStats* stats) {
  BitNetlist& net = heap.net();
  std::vector<std::vector<BitId>> cols = heap.columns_with_constant();
  const int width = heap.width();
  const int height = tallest(cols);
  TreeStats st;
  st.height = height;
  st.lower_bound = dadda_stages(height);
  st.by_arrival = heap.ordered_by_arrival();

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
      if (heap.ordered_by_arrival())
        std::stable_sort(bits.begin(), bits.end(), [&](BitId x, BitId y) { return net.arrival(x) < net.arrival(y); });
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
  return finish(net, cols, st, stage, stats);
}

int four_two_stages(int height) {
  int stages = 0;
  for (int d = 2; d < height; d *= 2) ++stages;
  return stages;
}

TwoRows compress_four_two(BitHeap& heap, const std::string& prefix, TreeStats* stats) {
  BitNetlist& net = heap.net();
  std::vector<std::vector<BitId>> cols = heap.columns_with_constant();
  const int width = heap.width();
  const int height = tallest(cols);
  TreeStats st;
  st.style = TreeStyle::kFourTwo;
  st.height = height;
  st.lower_bound = four_two_stages(height);

  std::vector<int> targets;
  for (int d = 2; d < height; d *= 2) targets.push_back(d);
  std::reverse(targets.begin(), targets.end());

  int stage = 0;
  for (int target : targets) {
    ++stage;
    std::vector<std::vector<BitId>> next(width);
    int carries_in = 0;             // carries this stage sends into the current column
    std::vector<BitId> cins;        // 4:2 carry-outs from the column below, same stage
    for (int w = 0; w < width; ++w) {
      std::vector<BitId> bits = cols[w];
      std::vector<BitId> couts;
      int carries_out = 0, n = 0;
      int h = static_cast<int>(bits.size() + cins.size()) + carries_in;
      auto name = [&] { return fmt::format("{}_{}_{}_{}", prefix, stage, w, n++); };
      auto take = [](std::vector<BitId>& v) {
        const BitId b = v.front();
        v.erase(v.begin());
        return b;
      };
      while (h > target) {
        const int excess = h - target;
        if (excess >= 3 && bits.size() + cins.size() >= 4) {
          // 4:2: the first adder's carry leaves sideways; the second takes a carry-in
          // from the column below when one is left (else it is a half adder). Inputs
          // come from the column's own bits first, then from carry-ins.
          auto input = [&] { return !bits.empty() ? take(bits) : take(cins); };
          const BitId x1 = input(), x2 = input(), x3 = input(), x4 = input();
          const int fa1 = net.add_adder(true, x1, x2, x3, stage, w, name());
          const BitId s1 = net.cells()[fa1].sum;
          if (w + 1 < width) couts.push_back(net.cells()[fa1].carry);
          const bool with_cin = excess >= 4 && !cins.empty();
          const BitId cin = with_cin ? take(cins) : -1;
          const int fa2 = net.add_adder(with_cin, s1, x4, cin, stage, w, name());
          next[w].push_back(net.cells()[fa2].sum);
          if (w + 1 < width) next[w + 1].push_back(net.cells()[fa2].carry);
          ++carries_out;
          ++st.four_two;
          ++st.full_adders;
          ++(with_cin ? st.full_adders : st.half_adders);
          h -= with_cin ? 4 : 3;
          continue;
        }
        // Plain adders on whatever is left, carry-ins included.
        std::vector<BitId> pool = bits;
        pool.insert(pool.end(), cins.begin(), cins.end());
        const bool full = excess >= 2 && pool.size() >= 3;
        if (pool.size() < (full ? 3u : 2u))
          throw std::logic_error(fmt::format("4:2 stage {} column {}: too few bits", stage, w));
        std::vector<BitId> in;
        for (int k = 0; k < (full ? 3 : 2); ++k) in.push_back(!bits.empty() ? take(bits) : take(cins));
        const int cell = net.add_adder(full, in[0], in[1], full ? in[2] : -1, stage, w, name());
        next[w].push_back(net.cells()[cell].sum);
        if (w + 1 < width) next[w + 1].push_back(net.cells()[cell].carry);
        ++carries_out;
        ++(full ? st.full_adders : st.half_adders);
        h -= full ? 2 : 1;
      }
      for (BitId b : bits) next[w].push_back(b);
      for (BitId b : cins) next[w].push_back(b);
      carries_in = carries_out;
      cins = couts;
    }
    cols = std::move(next);
  }
  return finish(net, cols, st, stage, stats);
}

TwoRows compress(BitHeap& heap, TreeStyle style, const std::string& prefix, TreeStats* stats) {
  return style == TreeStyle::kFourTwo ? compress_four_two(heap, prefix, stats) : compress_dadda(heap, prefix, stats);
}

}  // namespace bitloom::arith
