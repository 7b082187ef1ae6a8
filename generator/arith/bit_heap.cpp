#include "generator/arith/bit_heap.hpp"

#include <algorithm>
#include <stdexcept>

namespace bitloom::arith {

BitHeap::BitHeap(BitNetlist& net, int width)
    : net_(net), width_(width), mask_(width >= 64 ? ~0ULL : (1ULL << width) - 1), columns_(width) {
  if (width < 1 || width > 64) throw std::invalid_argument("bit heap width must be 1..64");
}

void BitHeap::add_bit(int weight, BitId b) {
  if (constant_placed_) throw std::logic_error("bit heap: add after columns_with_constant()");
  if (weight < width_) columns_[weight].push_back(b);  // higher weights vanish mod 2^width
}

void BitHeap::add_unsigned(int shift, const std::vector<BitId>& bits) {
  for (size_t k = 0; k < bits.size(); ++k) add_bit(shift + static_cast<int>(k), bits[k]);
}

void BitHeap::add_signed(int shift, const std::vector<BitId>& bits) {
  const int m = shift + static_cast<int>(bits.size()) - 1;  // weight of the sign bit
  for (size_t k = 0; k + 1 < bits.size(); ++k) add_bit(shift + static_cast<int>(k), bits[k]);
  add_bit(m, net_.invert(bits.back()));
  add_constant(-1, m);
}

void BitHeap::add_constant(int64_t value, int shift) {
  if (shift >= 64) return;
  constant_ = (constant_ + (static_cast<uint64_t>(value) << shift)) & mask_;
}

BitHeap::Absorption BitHeap::plan_absorption() const {
  Absorption plan{std::vector<bool>(width_, false), 0};
  const size_t placed = static_cast<size_t>(placed_height());
  auto one = [&](int w) { return w < width_ && ((constant_ >> w) & 1); };
  bool moved = false;
  for (int w = 0; w < width_; ++w) {
    const size_t bits = columns_[w].size() + moved;
    // The bit moved up must leave column w + 1 no taller than the heap with its constant
    // placed, counting w + 1's own constant (which it may absorb in turn).
    moved = absorb_ && one(w) && bits > 0 &&
            (w + 1 == width_ || columns_[w + 1].size() + 1 + one(w + 1) <= placed);
    plan.columns[w] = moved;
    plan.height = std::max(plan.height, bits + (one(w) && !moved));
  }
  return plan;
}

const std::vector<std::vector<BitId>>& BitHeap::columns_with_constant() {
  if (!constant_placed_) {
    const std::vector<bool> absorb = plan_absorption().columns;
    for (int w = 0; w < width_; ++w) {
      if (!((constant_ >> w) & 1)) continue;
      if (!absorb[w]) {
        columns_[w].push_back(net_.one());
        continue;
      }
      const BitId x = columns_[w].back();  // the last bit placed: a sign bit, or the one moved up
      columns_[w].back() = net_.invert(x);
      if (w + 1 < width_) columns_[w + 1].push_back(x);
    }
    constant_placed_ = true;
  }
  return columns_;
}

int BitHeap::placed_height() const {
  size_t h = 0;
  for (int w = 0; w < width_; ++w) h = std::max(h, columns_[w].size() + ((constant_ >> w) & 1 && !constant_placed_));
  return static_cast<int>(h);
}

int BitHeap::max_height() const {
  return constant_placed_ ? placed_height() : static_cast<int>(plan_absorption().height);
}

}  // namespace bitloom::arith
