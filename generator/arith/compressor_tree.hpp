// Dadda reduction of a bit heap to two rows with full adders (3:2) and half adders
// (2:2, only where a column must lose exactly one bit). Dadda's schedule uses the
// fewest 3:2 stages possible for the heap's height: stage j leaves every column at
// most d_j bits, with d_1 = 2 and d_{j+1} = floor(3 d_j / 2).
#pragma once
#include <string>
#include <vector>

#include "generator/arith/bit_heap.hpp"

namespace bitloom::arith {

struct TwoRows {
  std::vector<BitId> row0, row1;  // per bit weight; always width() entries (zero() fills)
};

struct TreeStats {
  int height = 0;        // tallest column of the heap, constant bits included
  int stages = 0;        // 3:2 stages used
  int lower_bound = 0;   // fewest 3:2 stages any reduction of this height needs
  int full_adders = 0, half_adders = 0;
};

// Lower bound on 3:2 stages that reduce a column of `height` bits to two.
int dadda_stages(int height);

// Reduces `heap` to two rows; adder wires are named "<prefix>_<stage>_<column>_<n>".
TwoRows compress_dadda(BitHeap& heap, const std::string& prefix, TreeStats* stats = nullptr);

}  // namespace bitloom::arith
