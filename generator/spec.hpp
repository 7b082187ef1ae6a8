// The validated configuration of one design, built from a YAML spec. Everything
// downstream (IR, emitters, test benches, synthesis) reads this, never the YAML.
#pragma once
#include <string>

#include "generator/kinds.hpp"
#include "generator/nonlinear/fixed_point.hpp"

namespace bitloom {

struct Operand {
  int width = 8;
  bool is_signed = true;
  long long min_value() const { return is_signed ? -(1LL << (width - 1)) : 0; }
  long long max_value() const { return is_signed ? (1LL << (width - 1)) - 1 : (1LL << width) - 1; }
};

struct GemmConfig {
  std::string name;        // top module name; other modules are prefixed with it
  Arch arch = Arch::kSystolicOs;
  PeKind pe = PeKind::kMac;
  TreeStyle tree = TreeStyle::kDadda;        // opt1: compressor trees of 3:2 or 4:2 counters
  DrainStyle drain = DrainStyle::kOverlap;   // os_tile arrays: result registers, or shift out
  bool shift_drain() const { return drain == DrainStyle::kShift; }
  // Weights held in the array, one K-deep set per column (protocol ws_stream).
  bool weight_stationary() const { return arch == Arch::kSystolicWs || arch == Arch::kMulTree; }
  // The PEs take -b beside b (negated once per broadcast column, before its register
  // copies) and form each Booth partial product as a multiple of one of them, so no
  // negation +1 enters their compressor trees (docs/arithmetic.md, "Negated multiples").
  bool negated_multiples() const { return arch == Arch::kMatrix2d && pe == PeKind::kOpt1; }
  // The PE's Dadda tree gives its first adders the accumulator bits, which arrive before
  // the Booth partial products (docs/arithmetic.md, "Arrival-ordered trees").
  bool arrival_ordered_tree() const {
    return arch == Arch::kMatrix2d && tree == TreeStyle::kDadda && (pe == PeKind::kMac || pe == PeKind::kOpt1);
  }
  int rows = 0;            // PE rows: R (os, cube, matrix_2d) or the weight rows KH (ws, mul_tree)
  int cols = 0;            // PE columns
  int k_per_beat = 1;      // k steps per input beat: 1 (os), N (cube)
  static constexpr int kDefaultGroup = 4;
  int group = kDefaultGroup;  // sparse_serial: activations per encoder group (G)
  Operand a, b;
  long long k_max = 0;     // longest tile the accumulator must hold without overflow
  int c_width = 0;         // accumulator / result width
  bool c_width_explicit = false;
  bool c_signed() const { return a.is_signed || b.is_signed; }
};

// GELU and softmax units.
struct NonlinearConfig {
  std::string name;
  Method method = Method::kReluMinusDelta;
  int lanes = 1;               // P elements per beat
  FixedFormat x;               // signed input
  FixedFormat y;               // GELU: signed output; softmax: unsigned probability
  int max_len = 0;             // softmax: longest vector, in elements
  bool newton = true;          // softmax online_base2: a Newton step refines 1/sum
  double max_error_lsb = 0;    // table methods: approximation error budget before the
                               // final rounding, in output LSBs
};

struct Spec {
  std::string file;        // as given on the command line
  std::string file_name;   // base name, percent-encoded outside [A-Za-z0-9._+-]; the only
                           // part of the path that reaches outputs
  std::string sha256;      // of the spec file's bytes
  BlockKind kind = BlockKind::kGemm;
  GemmConfig gemm;
  NonlinearConfig nonlinear;
};

// Reads and validates a spec. Throws SpecError (file:line:col: key: reason).
Spec load_spec(const std::string& file);
// The same for a spec's text; `file` names it in errors and headers.
Spec load_spec_text(const std::string& text, const std::string& file);

// The spec file's base name as generated files show it: characters outside
// [A-Za-z0-9._+-] become %XX, so no name can break out of a comment or a string.
std::string display_file_name(const std::string& file);

// The smallest two's-complement (or unsigned, for unsigned x unsigned) width that holds
// any sum of k_max products of a and b.
int no_overflow_width(const Operand& a, const Operand& b, long long k_max);

// Largest accumulator width the golden models and test benches carry.
constexpr int kMaxCWidth = 64;

}  // namespace bitloom
