// The budgets bitloom holds every command to. A spec whose generation, validation or
// simulation would need more is refused up front with the limit in the message
// (docs/limits.md lists them with their reasons).
#pragma once
#include <cstdint>

namespace bitloom::limits {

// Spec files: read at most this many bytes; a larger file is refused before parsing.
inline constexpr std::uint64_t kSpecBytes = 1 << 20;
// Nesting of YAML mappings and lists (specs need four or five levels).
inline constexpr int kYamlDepth = 32;
// YAML nodes in one spec (aliases counted each time they are used).
inline constexpr long long kYamlNodes = 200000;
// Characters of a bad value echoed in an error message.
inline constexpr int kEchoChars = 40;

// Codes the softmax reciprocal and exp2 fitters may evaluate for one table: 2^24 keeps
// generation within about 5 s and 300 MiB (y.frac <= 18 for online_base2). GELU tables
// need no limit: an input of at most 24 bits bounds them to 2^23 codes (about 16 s).
inline constexpr std::uint64_t kFitCodes = std::uint64_t{1} << 24;

// Flops a softmax vector buffer may hold (max_len beats of P lanes of the input width,
// twice for the max-first methods): Verilator models and Yosys runs grow with it.
inline constexpr long long kBufferBits = 1 << 20;

// GEMM arrays: PEs of a harness built with waveform tracing (needed only to rerun a
// failing test): Verilator takes about 1.2 MB per PE with tracing (4.9 GB at 64x64),
// 160 KB without.
inline constexpr long long kTracedSimPes = 2048;
// PEs a Verilator harness is built for at all.
inline constexpr long long kSimPes = 4096;
// Compressor-tree adders over all PEs of a harness: Verilator emits every instance's
// logic separately, about 20 KB per adder (a 32x32 int8 MAC array, 53,000 adders, takes
// 1.1 GB; a 16x16x16 cube of int16 OPT1 PEs, 606,000 adders, took 11.7 GB).
inline constexpr long long kSimTreeAdders = 150000;

// Bits of a softmax vector buffer `bitloom synth` takes: the buffer maps to flops
// (13,000 bits cost Yosys 81 s and 340 MB).
inline constexpr long long kSynthBufferBits = 65536;

// OpenSTA's memory for a netlist: a base for the liberty and the Tcl interpreter, and
// bytes per leaf instance (synth/memory_budget.hpp; measurements in docs/limits.md).
inline constexpr std::uint64_t kStaBaseBytes = std::uint64_t{64} << 20;
inline constexpr std::uint64_t kStaBytesPerCell = 1536;

// Clock periods accepted by the PPA commands, in ns.
inline constexpr double kMinClockNs = 0.01;
inline constexpr double kMaxClockNs = 1e6;

// Stack given to harness processes (Verilated models of big arrays evaluate deep).
inline constexpr std::uint64_t kHarnessStackBytes = std::uint64_t{1} << 30;

// Workloads: the scheduler costs every candidate schedule by walking each task's row
// blocks, and the search tries on the order of (tasks + 1)^2 candidates, so its work is
// about row blocks x (tasks + 1)^2. At 5e7 (e.g. five tasks of 200,000 row blocks each)
// `bitloom schedule` takes about 15 s and 200 MB.
inline constexpr long long kScheduleWork = 50'000'000;

// A command prints a progress line at least this often while a tool runs.
inline constexpr int kProgressSeconds = 15;

}  // namespace bitloom::limits
