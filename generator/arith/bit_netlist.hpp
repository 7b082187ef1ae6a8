// A netlist of single bits: inputs (named Verilog bit expressions), constants,
// inverters, and the full/half adders of compressor trees. The bit heap and the
// compressor-tree builder work on it; the Verilog emitter and the unit tests' evaluator
// read it.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bitloom::arith {

using BitId = int;

struct BitNode {
  enum class Kind { kInput, kZero, kOne, kNot, kSum, kCarry } kind;
  std::string name;       // Verilog expression (inputs) or wire name (adder outputs)
  BitId source = -1;      // kNot: the inverted bit
  int cell = -1;          // kSum / kCarry: the adder that drives it
  // Estimated arrival in gate delays (an XOR or an AND-OR counts one), relative to the
  // bits that enter at 0. Only an arrival-ordered reduction reads it.
  int arrival = 0;
};

struct AdderCell {
  bool full = true;                 // full adder (3:2) or half adder (2:2)
  BitId a = -1, b = -1, c = -1;     // c unused for half adders
  BitId sum = -1, carry = -1;
  int stage = 0;                    // reduction stage, from 1
  int column = 0;                   // bit weight of the inputs
};

class BitNetlist {
 public:
  // `arrival`: gate delays after (negative: before) the heap's other inputs.
  BitId input(const std::string& verilog_expr, int arrival = 0);
  BitId zero();
  BitId one();
  BitId invert(BitId b);
  // Adds an adder; returns its index. Output wires are named "<prefix>_s" / "<prefix>_c".
  int add_adder(bool full, BitId a, BitId b, BitId c, int stage, int column, const std::string& prefix);

  const std::vector<BitNode>& nodes() const { return nodes_; }
  const std::vector<AdderCell>& cells() const { return cells_; }
  const BitNode& node(BitId b) const { return nodes_[b]; }
  int arrival(BitId b) const { return nodes_[b].arrival; }

  // Verilog expression for bit `b`.
  std::string expr(BitId b) const;
  // Values of every node given the inputs' values (by input expression).
  std::vector<uint8_t> evaluate(const std::function<bool(const std::string&)>& input_value) const;

 private:
  BitId add_node(BitNode::Kind kind, std::string name, int arrival, BitId source = -1, int cell = -1);

  std::vector<BitNode> nodes_;
  std::vector<AdderCell> cells_;
  BitId zero_ = -1, one_ = -1;
};

}  // namespace bitloom::arith
