// The options every word mover between a DMA channel and a core's stream shares (the B
// panel reader, the result tile writer): dram_panels.hpp.
#include <fmt/format.h>

#include <stdexcept>

#include "generator/workload_rtl/dram_panels.hpp"

namespace bitloom::workload_rtl {

int check_word_options(const std::string& unit, const std::string& name, const PanelOptions& o) {
  const int word_bytes = command_bytes(o);
  // A command's words fill whole beats, or (narrow) part of one beat.
  if (o.lanes < 2 || (o.lanes & (o.lanes - 1)) || o.group < 1 || (o.group & (o.group - 1)) ||
      (o.elem_width != 8 && o.elem_width != 16) || o.data_bytes < 1 || (o.data_bytes & (o.data_bytes - 1)) ||
      (word_bytes % o.data_bytes && o.data_bytes % word_bytes) || word_bytes / o.data_bytes >= (1 << o.beats_bits))
    throw std::invalid_argument(fmt::format("{} {}: {} word(s) of {} lanes, {} bytes, are neither a whole number of "
                                            "{}-byte beats nor a part of one", unit, name, o.group, o.lanes, word_bytes,
                                            o.data_bytes));
  return word_bytes;
}

}  // namespace bitloom::workload_rtl
