// Reading and writing little-endian lanes (lane n = bits [n*W +: W]) of Verilator
// port values of any width: plain integers up to 64 bits, VlWide beyond.
#pragma once
#include <verilated.h>

#include <cstdint>
#include <type_traits>

namespace bitloom::tb {

template <typename T>
std::enable_if_t<std::is_integral_v<T>> put_lane(T& sig, int lane, int width, uint64_t value) {
  for (int b = 0; b < width; ++b) {
    const int pos = lane * width + b;
    const T bit = static_cast<T>(T{1} << pos);
    sig = ((value >> b) & 1) ? static_cast<T>(sig | bit) : static_cast<T>(sig & ~bit);
  }
}

template <std::size_t N>
void put_lane(VlWide<N>& sig, int lane, int width, uint64_t value) {
  for (int b = 0; b < width; ++b) {
    const int pos = lane * width + b;
    EData& word = sig.at(pos / 32);
    const EData bit = EData{1} << (pos % 32);
    word = ((value >> b) & 1) ? (word | bit) : (word & ~bit);
  }
}

template <typename T>
std::enable_if_t<std::is_integral_v<T>, uint64_t> get_lane(const T& sig, int lane, int width) {
  uint64_t v = 0;
  for (int b = 0; b < width; ++b) v |= static_cast<uint64_t>((sig >> (lane * width + b)) & 1) << b;
  return v;
}

template <std::size_t N>
uint64_t get_lane(const VlWide<N>& sig, int lane, int width) {
  uint64_t v = 0;
  for (int b = 0; b < width; ++b) {
    const int pos = lane * width + b;
    v |= static_cast<uint64_t>((sig.at(pos / 32) >> (pos % 32)) & 1) << b;
  }
  return v;
}

}  // namespace bitloom::tb
