#include "synth/memory_budget.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "generator/limits.hpp"
#include "generator/spec_error.hpp"

namespace bitloom {

namespace {

constexpr std::uint64_t kMiB = 1 << 20;

struct Ledger {
  std::mutex mutex;
  std::condition_variable freed;
  std::uint64_t held = 0;
  int running = 0, peak = 0;
};

Ledger& ledger() {
  static Ledger l;
  return l;
}

std::uint64_t mem_available_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    std::uint64_t kib = 0;
    if (fields >> key >> kib && key == "MemAvailable:") return kib * 1024;
  }
  return 0;  // unknown: no budget is enforced (see memory_budget_bytes)
}

std::uint64_t budget_from_environment() {
  const char* env = std::getenv("BITLOOM_MEMORY_BUDGET_MIB");
  if (!env || !*env) return 0;
  char* end = nullptr;
  const unsigned long long mib = std::strtoull(env, &end, 10);
  if (*end != '\0' || mib == 0)
    throw BudgetError(fmt::format("BITLOOM_MEMORY_BUDGET_MIB={}: expected a positive whole number of MiB", env));
  return mib * kMiB;
}

// Refuses `bytes` that the budget could not hold even alone; `need` says who needs them
// ("X needs about").
void require_fits(std::uint64_t bytes, std::uint64_t budget, const std::string& need) {
  if (budget > 0 && bytes > budget)
    throw BudgetError(fmt::format("{} {} MiB, more than the {} MiB that timing runs may take here (the memory "
                                  "available at start, or BITLOOM_MEMORY_BUDGET_MIB; docs/limits.md)",
                                  need, bytes / kMiB, budget / kMiB));
}

}  // namespace

double to_mib(std::uint64_t bytes) { return static_cast<double>(bytes) / kMiB; }

std::uint64_t sta_memory_estimate(long long cells) {
  return limits::kStaBaseBytes + static_cast<std::uint64_t>(std::max(0LL, cells)) * limits::kStaBytesPerCell;
}

std::uint64_t memory_budget_bytes() {
  static const std::uint64_t available = mem_available_bytes();
  const std::uint64_t env = budget_from_environment();
  return env ? env : available;
}

void check_sta_fits(long long min_cells, const std::string& top) {
  if (min_cells > 0)
    require_fits(sta_memory_estimate(min_cells), memory_budget_bytes(),
                 fmt::format("{} has at least {} cells (its buffer's bits as flops, each with the multiplexer that "
                             "holds it), so OpenSTA would need at least",
                             top, min_cells));
}

MemoryReservation::MemoryReservation(std::uint64_t bytes, const std::string& what) : bytes_(bytes) {
  const std::uint64_t budget = memory_budget_bytes();
  if (budget == 0) bytes_ = 0;  // no /proc/meminfo and no setting: nothing to hold to
  require_fits(bytes_, budget, what + " needs about");
  Ledger& l = ledger();
  std::unique_lock<std::mutex> lock(l.mutex);
  if (l.held + bytes_ > budget) {
    fmt::print(stderr, "{} needs about {} MiB and waits for the timing runs in flight ({} of {} MiB held)\n", what,
               bytes_ / kMiB, l.held / kMiB, budget / kMiB);
    std::fflush(stderr);
    l.freed.wait(lock, [&] { return l.held + bytes_ <= budget; });
  }
  l.held += bytes_;
  l.peak = std::max(l.peak, ++l.running);
}

MemoryReservation::~MemoryReservation() {
  Ledger& l = ledger();
  {
    std::lock_guard<std::mutex> lock(l.mutex);
    l.held -= bytes_;
    --l.running;
  }
  l.freed.notify_all();
}

int peak_concurrent_reservations() {
  std::lock_guard<std::mutex> lock(ledger().mutex);
  return ledger().peak;
}

void reset_peak_concurrent_reservations() {
  std::lock_guard<std::mutex> lock(ledger().mutex);
  ledger().peak = ledger().running;
}

}  // namespace bitloom
