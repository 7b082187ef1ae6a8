// Timing of the one DRAM bus every unit shares: a burst occupies the bus for
// ceil(bytes / bytes_per_cycle) cycles after the bus is free and the burst is issued; its
// read data has arrived (or its write is acknowledged) a fixed latency later. Bursts are
// served in the order they are issued. Plain C++: the SystemC performance model and the
// RTL harness of the workload hardware use the same class, so both count the same bytes.
#pragma once
#include <algorithm>
#include <map>

#include "generator/workload/workload.hpp"

namespace bitloom {

class DramTiming {
 public:
  explicit DramTiming(const workload::DramTimingSpec& spec) : spec_(spec) {}

  struct Burst {
    long long bus_done = 0;  // the bus is free again (the next burst may start)
    long long done = 0;      // read data all in, or write acknowledged
  };

  Burst read(long long now, long long bytes, int tensor) {
    read_bytes_ += bytes;
    read_by_tensor_[tensor] += bytes;
    return serve(now, bytes, spec_.read_latency);
  }
  Burst write(long long now, long long bytes, int tensor) {
    write_bytes_ += bytes;
    write_by_tensor_[tensor] += bytes;
    return serve(now, bytes, spec_.write_latency);
  }

  long long read_bytes() const { return read_bytes_; }
  long long write_bytes() const { return write_bytes_; }
  const std::map<int, long long>& read_by_tensor() const { return read_by_tensor_; }
  const std::map<int, long long>& write_by_tensor() const { return write_by_tensor_; }
  long long busy_cycles() const { return busy_; }

 private:
  Burst serve(long long now, long long bytes, int latency) {
    const long long start = std::max(now, bus_free_);
    const long long cycles = (bytes + spec_.bytes_per_cycle - 1) / spec_.bytes_per_cycle;
    bus_free_ = start + cycles;
    busy_ += cycles;
    return {bus_free_, bus_free_ + latency};
  }

  workload::DramTimingSpec spec_;
  long long bus_free_ = 0, busy_ = 0;
  long long read_bytes_ = 0, write_bytes_ = 0;
  std::map<int, long long> read_by_tensor_, write_by_tensor_;
};

}  // namespace bitloom
