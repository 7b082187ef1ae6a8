// The DMA engine of the workload hardware: a read channel and a write channel between
// AXI4-Stream beats inside the chip and a DRAM port with burst requests and in-order
// responses. Each channel takes commands {byte address, beats} and splits them into
// bursts of at most max_burst beats that are aligned to a beat and never cross a 4 KiB
// boundary, so an AXI4 (single ID) shim is wiring only: rd/wr_req_* map to AR/AW (len
// is beats - 1), rd_data_* to R, wr_data_* to W, wr_resp_* to B.
#pragma once
#include <string>
#include <vector>

#include "hw/module.hpp"

namespace bitloom::hw::prims {

struct DmaOptions {
  int data_bytes = 8;       // bytes per beat, a power of two, 1..128
  int addr_bits = 32;       // 12..64
  int max_burst = 256;      // beats per burst, 1..256
  int beats_bits = 16;      // width of a command's beat count (a command has 1 or more beats)
  int buffer_beats = 256;   // read: the data FIFO, >= max_burst
  int queued = 2;           // read: commands per client whose data is still due; write: bursts whose data is still due
  int pending_writes = 15;  // write: bursts requested and not yet acknowledged
  int clients = 1;          // read: command ports, each with its own data stream, 1..16
  int bursts_in_flight = 4; // read: bursts requested and not yet received in full
  // write: 0, or the bytes of a strobe granule (a power of two below data_bytes): the
  // data stream carries a strobe bit per granule (s_data_tstrb), wr_data_strb_o one per
  // byte (AXI4's WSTRB), and wr_bytes_o counts the strobed bytes. Without strobes every
  // byte of a beat is written (a shim ties WSTRB high).
  int strobe_bytes = 0;
};

// Read channel `name` and its FIFOs (leaves first): `clients` command ports c<c>_cmd_*,
// each with its own data stream m_data<c>_* (the commands' beats in order, tlast on each
// command's last beat) and its own data FIFO of buffer_beats. The clients take turns
// (round robin) on the one request port, a turn lasting until the client has asked for
// max_burst beats (one long burst, or many short ones) or has no burst ready; a burst is
// requested only when its client's FIFO has room for all of it, so rd_data_ready_o never holds up
// the shared in-order read channel. rd_bytes_o counts the bytes received from DRAM.
std::vector<Module> dma_read(const std::string& name, const DmaOptions& options);

// Write channel `name` and its burst-length FIFO (leaves first). A burst's data beats
// (from s_data_*, in command order) follow its accepted request, wr_data_last_o on its
// last beat. idle_o is high once every burst is acknowledged; wr_bytes_o counts the
// bytes sent to DRAM (with strobes: the bytes strobed).
std::vector<Module> dma_write(const std::string& name, const DmaOptions& options);

}  // namespace bitloom::hw::prims
