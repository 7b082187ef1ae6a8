#include "generator/arith/bit_netlist.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace bitloom::arith {

namespace {
// Constants are there from the start: they never make an adder late.
constexpr int kConstantArrival = -1000;
}  // namespace

BitId BitNetlist::add_node(BitNode::Kind kind, std::string name, int arrival, BitId source, int cell) {
  BitNode n{kind, std::move(name)};
  n.source = source;
  n.cell = cell;
  n.arrival = arrival;
  nodes_.push_back(std::move(n));
  return static_cast<BitId>(nodes_.size() - 1);
}

BitId BitNetlist::input(const std::string& verilog_expr, int arrival) {
  return add_node(BitNode::Kind::kInput, verilog_expr, arrival);
}

BitId BitNetlist::zero() {
  if (zero_ < 0) zero_ = add_node(BitNode::Kind::kZero, "1'b0", kConstantArrival);
  return zero_;
}

BitId BitNetlist::one() {
  if (one_ < 0) one_ = add_node(BitNode::Kind::kOne, "1'b1", kConstantArrival);
  return one_;
}

BitId BitNetlist::invert(BitId b) {
  // An inverter folds into the gate that reads it: no delay of its own.
  return add_node(BitNode::Kind::kNot, "", nodes_.at(b).arrival, b);
}

int BitNetlist::add_adder(bool full, BitId a, BitId b, BitId c, int stage, int column,
                          const std::string& prefix) {
  const int index = static_cast<int>(cells_.size());
  // Sum (a ^ b) ^ c and carry (a & b) | (c & (a ^ b)): a and b pass two gates, c one.
  const int ab = std::max(arrival(a), arrival(b)) + 1;
  const int out = full ? std::max(ab, arrival(c)) + 1 : ab;
  const BitId sum = add_node(BitNode::Kind::kSum, prefix + "_s", out, -1, index);
  const BitId carry = add_node(BitNode::Kind::kCarry, prefix + "_c", out, -1, index);
  cells_.push_back({full, a, b, full ? c : -1, sum, carry, stage, column});
  return index;
}

std::string BitNetlist::expr(BitId b) const {
  const BitNode& n = nodes_.at(b);
  if (n.kind == BitNode::Kind::kNot) return "~" + expr(n.source);
  return n.name;
}

std::vector<uint8_t> BitNetlist::evaluate(const std::function<bool(const std::string&)>& input_value) const {
  std::vector<uint8_t> v(nodes_.size(), 0);
  // Nodes are created after their sources, so one pass in order suffices; adder outputs
  // come from cells, whose inputs are earlier nodes.
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const BitNode& n = nodes_[i];
    switch (n.kind) {
      case BitNode::Kind::kInput: v[i] = input_value(n.name); break;
      case BitNode::Kind::kZero: v[i] = 0; break;
      case BitNode::Kind::kOne: v[i] = 1; break;
      case BitNode::Kind::kNot: v[i] = !v[n.source]; break;
      case BitNode::Kind::kSum:
      case BitNode::Kind::kCarry: {
        const AdderCell& c = cells_[n.cell];
        const int total = v[c.a] + v[c.b] + (c.full ? v[c.c] : 0);
        v[i] = n.kind == BitNode::Kind::kSum ? (total & 1) : (total >> 1);
        break;
      }
    }
  }
  return v;
}

}  // namespace bitloom::arith
