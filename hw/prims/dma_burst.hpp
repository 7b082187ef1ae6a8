// What both DMA channels share: command ports, the splitting of a command into bursts
// (aligned, at most max_burst beats, never across a 4 KiB boundary), and the one
// request register of a channel's request port.
#pragma once
#include <string>

#include "hw/module.hpp"
#include "hw/prims/dma.hpp"

namespace bitloom::hw::prims {

// Checks the options (std::logic_error naming the module).
void check_dma_options(const std::string& name, const DmaOptions& o);

// A command port <p>cmd_{valid_i, ready_o, addr_i, beats_i} and
// its splitter: nets <p>active_q (beats left to request), <p>addr_q (the next burst's
// first byte), <p>burst (its beats, burst_bits wide), <p>cmd_fire, <p>last_take (the
// command's last burst is taken now), <p>splitter_free (a command may start now) and
// <p>held_q (a command taken while the splitter was busy waits). It drives
// <p>cmd_ready_o: no command held and, if `room` names a net (declared before), that
// net high; both should be registers, so that the ready depends on nothing of this
// cycle. The splitter moves on when the caller drives <p>take high (the burst is
// requested now).
void add_command_splitter(Module& m, const DmaOptions& o, const std::string& p, const std::string& room = "");

// The request port <channel>_req_{valid_o, ready_i, addr_o, len_o}, a register loaded
// when the caller's net `issue` is high (from its nets `issue_addr` and `issue_beats`,
// 8 bits: the beats mod 256); drives req_fire. `issue` may only rise while the port is free.
void add_request_port(Module& m, const DmaOptions& o, const std::string& channel);

// Width of a burst's beat count.
int burst_bits(const DmaOptions& o);

// `text` (`from` bits) zero-extended to `to` bits.
std::string zero_extend(const std::string& text, int from, int to);

}  // namespace bitloom::hw::prims
