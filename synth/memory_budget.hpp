// The memory the timing runs of one bitloom process may take. OpenSTA holds every leaf
// instance of a netlist with its timing arcs, so a big workload top's STA takes gigabytes
// (the quarter self-attention's: about 11 GB); two mappings timed at once beside other
// work were once killed by the kernel and reported as a crash. Every STA therefore
// reserves its estimate first: it waits while the runs in flight hold too much, and a
// netlist whose estimate alone exceeds the budget is refused before OpenSTA starts.
#pragma once
#include <cstdint>
#include <string>

namespace bitloom {

// Bytes OpenSTA is expected to need for a netlist of `cells` leaf instances
// (docs/limits.md gives the measurements behind it).
std::uint64_t sta_memory_estimate(long long cells);

// Bytes in MiB, as reports give memory.
double to_mib(std::uint64_t bytes);

// The budget: BITLOOM_MEMORY_BUDGET_MIB if set now (tests, shared machines), else the
// memory the kernel reported available (MemAvailable) when first asked.
std::uint64_t memory_budget_bytes();

// Throws BudgetError when OpenSTA on at least `min_cells` cells could not fit the budget
// even alone (checked before synthesis, from a bound the generator knows).
void check_sta_fits(long long min_cells, const std::string& top);

// A reservation held while one STA runs; released when it goes out of scope.
class MemoryReservation {
 public:
  MemoryReservation(std::uint64_t bytes, const std::string& what);
  ~MemoryReservation();
  MemoryReservation(const MemoryReservation&) = delete;
  MemoryReservation& operator=(const MemoryReservation&) = delete;

 private:
  std::uint64_t bytes_;
};

// The most STA reservations this process has held at once (tests use it to see that
// runs which do not fit together ran one after the other).
int peak_concurrent_reservations();
void reset_peak_concurrent_reservations();

}  // namespace bitloom
