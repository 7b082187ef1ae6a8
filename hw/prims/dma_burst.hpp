// What both DMA channels share: the command port and the splitting of a command into
// bursts (aligned, at most max_burst beats, never across a 4 KiB boundary), one request
// at a time on the channel's request port.
#pragma once
#include <string>

#include "hw/module.hpp"
#include "hw/prims/dma.hpp"

namespace bitloom::hw::prims {

// Checks the options (std::logic_error naming the module).
void check_dma_options(const std::string& name, const DmaOptions& o);

// Ports cmd_valid_i, cmd_ready_o (the caller drives it), cmd_addr_i, cmd_beats_i.
void add_command_port(Module& m, const DmaOptions& o);

// Ports <channel>_req_{valid_o, ready_i, addr_o, len_o} and the splitter. It reads the
// caller's 1-bit net `room` (a burst of `burst` beats may be requested now) and drives
// cmd_fire, req_fire, issue (a burst is decided this cycle), burst (its beats, `burst_bits`
// wide), active_q and req_valid_q.
void add_burst_splitter(Module& m, const DmaOptions& o, const std::string& channel);

// Width of `burst`.
int burst_bits(const DmaOptions& o);

// `text` (`from` bits) zero-extended to `to` bits.
std::string zero_extend(const std::string& text, int from, int to);

}  // namespace bitloom::hw::prims
