// Independent golden GEMM: plain integer loops, wrapped to the result width.
// It shares nothing with the RTL or the generator.
#pragma once
#include <cstdint>
#include <vector>

namespace bitloom::tb {

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<int64_t> v;
  Matrix(int r, int c) : rows(r), cols(c), v(static_cast<size_t>(r) * c, 0) {}
  int64_t& at(int i, int j) { return v[static_cast<size_t>(i) * cols + j]; }
  int64_t at(int i, int j) const { return v[static_cast<size_t>(i) * cols + j]; }
};

inline uint64_t low_bits(int width) { return width >= 64 ? ~0ULL : (1ULL << width) - 1; }

// C = A*B mod 2^c_width, each entry as its low c_width bits.
inline std::vector<uint64_t> golden_gemm(const Matrix& a, const Matrix& b, int c_width) {
  std::vector<uint64_t> c(static_cast<size_t>(a.rows) * b.cols);
  for (int i = 0; i < a.rows; ++i)
    for (int j = 0; j < b.cols; ++j) {
      uint64_t acc = 0;  // unsigned: wraps mod 2^64, exactly like two's complement
      for (int k = 0; k < a.cols; ++k) acc += static_cast<uint64_t>(a.at(i, k) * b.at(k, j));
      c[static_cast<size_t>(i) * b.cols + j] = acc & low_bits(c_width);
    }
  return c;
}

}  // namespace bitloom::tb
