#include "generator/output_buffer.hpp"

#include <fmt/format.h>

namespace bitloom {

std::string output_buffer_update(const std::string& row, const std::string& last) {
  return fmt::format(R"(    if (out_pop) begin
      out_slot0_q <= out_slot1_q;
      out_last0_q <= out_last1_q;
    end
    if (out_push) begin
      if (out_count_q == 2'd0 || (out_count_q == 2'd1 && out_pop)) begin
        out_slot0_q <= {0};
        out_last0_q <= {1};
      end else begin
        out_slot1_q <= {0};
        out_last1_q <= {1};
      end
    end
)",
                     row, last);
}

}  // namespace bitloom
