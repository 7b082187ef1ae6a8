// Reduction of a bit heap to two rows, in one of two styles:
//  - Dadda: full adders (3:2) and half adders (2:2, only where a column must lose
//    exactly one bit). Dadda's schedule uses the fewest 3:2 stages possible for the
//    heap's height: stage j leaves every column at most d_j bits, with d_1 = 2 and
//    d_{j+1} = floor(3 d_j / 2).
//  - 4:2: stages of 4:2 compressors (two full adders; the first one's carry-out goes
//    sideways into the next column's second adder, so it does not ripple), each stage
//    halving the height: targets 2, 4, 8, ..., the fewest 4:2 stages for the height.
//    Full and half adders finish columns whose excess a 4:2 would overshoot.
#pragma once
#include "generator/kinds.hpp"
#include <string>
#include <vector>

#include "generator/arith/bit_heap.hpp"

namespace bitloom::arith {

struct TwoRows {
  std::vector<BitId> row0, row1;  // per bit weight; always width() entries (zero() fills)
};

using bitloom::TreeStyle;  // 3:2 (Dadda) or 4:2 counters

struct TreeStats {
  TreeStyle style = TreeStyle::kDadda;
  int height = 0;        // tallest column of the heap, constant bits included
  int stages = 0;        // stages used (3:2 or 4:2, by style)
  int lower_bound = 0;   // fewest stages of that kind any reduction of this height needs
  int full_adders = 0, half_adders = 0;  // all of them, including those inside 4:2s
  int four_two = 0;      // 4:2 compressors
  bool by_arrival = false;  // adders took the earliest bits first (BitHeap::order_by_arrival)
  int latest = 0;        // latest output bit, in gate delays (BitNetlist arrivals)
};

// Lower bound on 3:2 stages that reduce a column of `height` bits to two.
int dadda_stages(int height);

// Lower bound on 4:2 stages that reduce a column of `height` bits to two.
int four_two_stages(int height);

// Reduces `heap` to two rows; adder wires are named "<prefix>_<stage>_<column>_<n>".
TwoRows compress_dadda(BitHeap& heap, const std::string& prefix, TreeStats* stats = nullptr);
TwoRows compress_four_two(BitHeap& heap, const std::string& prefix, TreeStats* stats = nullptr);
TwoRows compress(BitHeap& heap, TreeStyle style, const std::string& prefix, TreeStats* stats = nullptr);

}  // namespace bitloom::arith
