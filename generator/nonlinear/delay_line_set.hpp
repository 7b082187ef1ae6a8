// The data delay chains of a streaming unit (the values that wait beside a table's or a
// multiplier's pipeline) as instances of the primitive delay line: one module per shape
// (width, depth, enable), named <top>_delay_<width>x<depth>[_en], shared by every chain of
// that shape. Valid flags, which need a reset, stay the unit's own registers.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"
#include "hw/verilog_module.hpp"

namespace bitloom {

class DelayLineSet {
 public:
  explicit DelayLineSet(std::string top) : top_(std::move(top)) {}

  // Declares <name>_s<depth> (`width` bits, `signed` when is_signed) and the instance
  // that delays `src` (a net of the text, `width` bits) by `depth` >= 1 cycles, moving
  // on cycles with `en` ("1'b1": every cycle).
  std::string delay(const std::string& name, int width, const std::string& src, int depth, const std::string& en,
                    const std::string& clock = "clk", bool is_signed = false);
  std::string signed_delay(const std::string& name, int width, const std::string& src, int depth,
                           const std::string& en) {
    return delay(name, width, src, depth, en, "clk", true);
  }

  // The delay-line modules used so far, in first-use order (they go before the unit).
  std::vector<VerilogModule> modules() const;

 private:
  const hw::Module& shape(int width, int depth, bool enable);

  std::string top_;
  std::vector<hw::Module> modules_;
};

}  // namespace bitloom
