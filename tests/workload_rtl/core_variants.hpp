// The compute core the core tests run: a 4 x 4 int9 array (so unsigned 8-bit elements
// fit), 8-bit buffer elements, 128-word buffers, and a stage table that covers every
// source, destination, order and signedness. write_core_rtl writes it at build time;
// the tests read the same stages for their expectations.
#pragma once
#include <string>
#include <vector>

#include "generator/workload_rtl/compute_core.hpp"

namespace bitloom::core_test {

inline constexpr int kLanes = 4;
inline constexpr int kElemWidth = 8;
inline constexpr int kAddressBits = 7;
inline constexpr int kOperandWidth = 9;
inline constexpr long long kMaxK = 64;

// A GEMM the tests run: C[M x N] = A[M x K] . B[K x N] through stage `stage`.
struct Case {
  int stage;
  int m, k, n;                 // whole tensors
  int first_row_tile = 0;      // the job's offset
  int row_tiles = 0;           // the job's m_bound (0: all of M)
};

inline int words_per_row(int cols) { return (cols + kLanes - 1) / kLanes; }

// A core bench: the core of `cols` array columns (kLanes: whole; fewer: a re-split core
// making each tile in kLanes / cols passes) between two buffers in its test top. Each
// bench has its own buffer module, so that a changed buffer re-verilates every bench.
struct CoreVariant {
  std::string top, core, buffer;
  int cols;
};

inline std::vector<CoreVariant> core_variants() {
  return {{"core_tb_top", "cc_test", "core_tb_buffer", kLanes},
          {"core_c2_tb_top", "cc_test_c2", "core_c2_tb_buffer", 2},
          {"core_c1_tb_top", "cc_test_c1", "core_c1_tb_buffer", 1}};
}

// Buffer A holds A (from word 0) and the results (from word 64); buffer B holds B.
inline std::vector<workload_rtl::CoreStage> core_stages() {
  using workload_rtl::CoreStage;
  std::vector<CoreStage> v;
  auto gemm = [](int k, int n, int m) {
    CoreStage s;
    s.a_base = 0;
    s.a_pitch = words_per_row(k);
    s.b_base = 3;
    s.b_pitch = words_per_row(n);
    s.out_base = 64;
    s.out_pitch = words_per_row(n);
    s.out_rows = m;
    s.out_cols = n;
    return s;
  };
  // 0: 7 x 10 x 9, buffers both sides, row tiles outer. Shifts are chosen so that most
  // results land inside the output format (rounding shows) and some saturate.
  CoreStage s0 = gemm(10, 9, 7);
  s0.shift = 8;
  v.push_back(s0);
  // 1: the same shapes, column tiles outer (panels), A unsigned, ReLU.
  CoreStage s1 = s0;
  s1.panels = true;
  s1.a_signed = false;
  s1.shift = 9;
  s1.relu = true;
  v.push_back(s1);
  // 2: 6 x 13 x 6, B streamed, results streamed, B unsigned.
  CoreStage s2 = gemm(13, 6, 6);
  s2.b_from_stream = true;
  s2.out_to_stream = true;
  s2.b_signed = false;
  s2.shift = 9;
  v.push_back(s2);
  // 3: 11 x 3 x 5 (K below the array's drain), a job that starts at row tile 1: rows 0-3
  // of the result must stay as they were. ReLU.
  CoreStage s3 = gemm(3, 5, 11);
  s3.shift = 7;
  s3.relu = true;
  v.push_back(s3);
  // 4: 5 x 64 x 4, the longest K, panels, results streamed.
  CoreStage s4 = gemm(64, 4, 5);
  s4.out_to_stream = true;
  s4.panels = true;
  s4.shift = 10;
  v.push_back(s4);
  // 5: 11 x 3 x 5 again, results streamed, operands where no other stage has them (A
  // from word 104, B from word 100), so it can follow any job.
  CoreStage s5 = gemm(3, 5, 11);
  s5.a_base = 104;
  s5.b_base = 100;
  s5.out_to_stream = true;
  s5.shift = 6;
  v.push_back(s5);
  // 6: 9 x 12 x 10 with B stored transposed (10 x 12, column slices), panels, ReLU.
  CoreStage s6 = gemm(12, 10, 9);
  s6.b_columns = true;
  s6.b_pitch = words_per_row(12);
  s6.panels = true;
  s6.relu = true;
  s6.shift = 8;
  v.push_back(s6);
  // 7: the same in row-tile order, results streamed.
  CoreStage s7 = s6;
  s7.panels = false;
  s7.relu = false;
  s7.out_to_stream = true;
  v.push_back(s7);
  return v;
}

inline std::vector<Case> core_cases() {
  return {{0, 7, 10, 9}, {1, 7, 10, 9}, {2, 6, 13, 6}, {3, 11, 3, 5, 1, 2}, {4, 5, 64, 4}, {6, 9, 12, 10}, {7, 9, 12, 10}};
}

inline Case second_job() { return {5, 11, 3, 5}; }

}  // namespace bitloom::core_test
