// The workload top's plan (system.hpp), before any Verilog: which units exist, where
// every tensor lives in the buffer banks and in DRAM, each unit's stage table and the
// controller's program. Derived from the scheduler's Plan alone.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/workload/plan.hpp"
#include "generator/workload_rtl/system.hpp"
#include "generator/workload_rtl/buffer_rows.hpp"
#include "generator/workload_rtl/compute_core.hpp"
#include "generator/workload_rtl/dram_panels.hpp"
#include "generator/workload_rtl/dram_rows.hpp"
#include "generator/workload_rtl/dram_tiles.hpp"
#include "hw/prims/controller.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::system {

// Buffer banks: a GEMM's A (tensor or ring) and its B on chip sit in different banks, so
// a core's two reads never meet on one bank; everything else goes where the banks stay
// smallest (system_layout.cpp). Word addresses are global: bank * 2^bank_bits + word;
// each bank stores only the words its placements reach (SystemPlan::bank_words), so the
// address space is a power of two and the RAM is not. kBankA and kBankB are where A and
// B go when that costs nothing (gemm_banks_fixed).
enum Bank { kBankA = 0, kBankB = 1 };

// Row blocks in an A ring (double buffering: the loader fills one while the core reads
// the other).
inline constexpr int kRingBlocks = 2;

struct Placement {
  int bank = -1;           // -1: not on chip
  long long base = 0;      // global word address of row 0
  long long pitch = 0;     // words per row (columns padded to L, / L)
  long long words = 0;     // rows times pitch (a read of the last row block may reach past them)
};

// A block FIFO (issue 14): a region of `depth` row blocks in a bank that its producers
// fill and its consumers drain in row block order, row block b in slot b mod depth.
// Producers and consumers are named by net prefix: a producer has <p>room (in), <p>claim
// and <p>done, a consumer <c>ready (in), <c>take and <c>free; the top keeps two counts
// per (producer, consumer) pair (Builder::fifos). The loader's A ring is one (depth
// kRingBlocks, or the whole tensor when the GEMM keeps what it streams), and so is every
// tensor the schedule puts in a FIFO (depth from the scheduler).
struct BlockFifo {
  std::string what;                      // for comments and errors
  int phase = 0;
  int depth = kRingBlocks;
  std::vector<std::string> producers, consumers;
};

// A special-function unit (softmax, GELU, saturating add) and the row streams around it:
// per input a buffer row reader and/or a DRAM row streamer, for the results a buffer row
// writer and/or a DRAM row sink (those some task uses). Every task of its kind runs on
// it, so they must share one configuration (the first task's).
struct SfuPlan {
  workload::UnitKind kind = workload::UnitKind::kGelu;
  int index = 0;                         // the schedule's unit of that kind (ge1: 1)
  std::string tag;                       // sm0, ge0, ad1
  int first_task = -1;
  int inputs = 1;
  int port = 0;                          // the banks' read port of input 0 (input i: port + i)
  std::vector<BufferRowStage> in[2], out;
  std::vector<RowStage> in_dram[2], out_dram;
  // Controller units of the readers, the streamers, the writer and the sink.
  int in_unit[2] = {-1, -1}, in_dram_unit[2] = {-1, -1}, out_unit = -1, out_dram_unit = -1;
};

// A B panel reader (pr<g>, with a panel buffer pb<g> when it reads each panel once) and
// the cores its beats go to, per phase it serves: the tasks of a phase that stream B each
// have their own reader, a reader serves one task a phase (gemm_jobs).
// With group g > 1 it serves GEMMs whose g cores split the column tiles: a command reads
// a row of g panels side by side, and the core in slot i takes word i of it.
struct PanelReader {
  int unit = -1;                          // its controller unit (the panel buffer takes the same jobs)
  std::vector<PanelStage> stages;
  bool once = false;                      // each panel read once, replayed by the panel buffer
  long long max_k = 1;                    // the longest K of a stage (the panel buffer's halves)
  std::vector<std::pair<int, std::vector<bool>>> cores;  // (phase, per core: takes the beats)
  int group = 1;                          // words a command
  std::vector<int> slot;                  // per core: its word of a command (group > 1; -1: none)
};

// Controller unit numbers; -1 where the schedule needs no such unit. Per core: its own
// unit and its tile writer's.
struct Units {
  int loader = -1;
  std::vector<int> ring_loaders;  // ld1, ld2, ...: see SystemPlan::ring_loads
  std::vector<int> core, tiles;
  int count = 0;
};

struct SystemPlan {
  int lanes = 8, elem_bytes = 1, data_bytes = 4, addr_bits = 32;
  int out_width = 8;
  bool out_signed = true;
  int banks = 1, bank_bits = 1, address_bits = 1;
  std::vector<long long> bank_words;     // per bank: words stored (the highest word placed + 1)
  bool gemm_banks_fixed = true;          // every GEMM reads A from bank 0, B from bank 1 (else the
                                         // cores' reads pick the bank by address)
  std::vector<Placement> place;          // per tensor
  std::vector<Placement> ring;           // per task: the ring its A streams through (bank -1: none)
  std::vector<long long> dram_offset;    // per tensor, -1 if never in DRAM
  long long dram_extent = 0;
  // Compute cores cc0 .. cc<cores - 1>, each of the resources' L x L array or, re-split
  // by a dataflow schedule, of an L x c array (core_cols) making L x L tiles in passes
  // (compute_core.hpp), one GEMM on it. A GEMM on c
  // cores splits its column tiles into c ranges in row order (each core reads A on its own
  // bank port), its row tiles in panel order (each B panel goes to every core), or, in
  // panel order with fewer row tiles than cores, its column tiles round robin (core i of
  // c takes tiles i, i + c, ...: c panels side by side are one read, PanelReader::group).
  int cores = 1;
  int read_ports = 1;                         // per bank: core u reads on port u; an SFU on ports no
                                              // unit beside it in a phase uses (assign_read_ports)
  bool writes_overlap = false;                // some phase runs several DRAM writers (from the program)
  std::vector<std::vector<CoreStage>> core;   // per core: its stage table
  std::vector<int> core_cols;                 // per core: its array's columns
  std::vector<long long> panel_depth;         // per core: the longest K it keeps a streamed B panel of
  std::vector<RowStage> loads;                  // ld0: whole tensors, and the A ring of a phase's first streamer
  // Loaders ld1, ld2, ...: the k-th other task of a phase streaming A from DRAM fills its
  // ring through ld<k> (k = workload::a_streamers_before), so that every task reads its A as the models count it.
  std::vector<std::vector<RowStage>> ring_loads;
  std::vector<PanelReader> panel_readers;
  std::vector<std::vector<TileStage>> tiles;  // per core: its tile writer's stages
  // Per core: the cores whose results its tile writer takes side by side (itself first;
  // more than one where a GEMM's cores split its column tiles and the results go to
  // DRAM), or empty: it has no writer, or its results go to another core's.
  std::vector<std::vector<int>> tile_group;
  std::vector<BlockFifo> fifos;               // every block FIFO, A rings included
  // Per core: some panel reader sends it B in some phase.
  bool streams_b(int core) const;
  std::vector<SfuPlan> sfus;
  Units units;
  std::vector<hw::prims::Instruction> program;
  int elem_width() const { return 8 * elem_bytes; }
  int lane_bits() const { return hw::prims::bits_for(lanes - 1); }
  int word_bits() const { return lanes * elem_width(); }
};

// A task of a phase in the order the program hands out RUNs, with the tasks of its phase
// it must wait for (it reads what they make other than through a block FIFO) and whether
// that goes through DRAM.
struct TaskIssue {
  int task = 0;
  std::vector<int> waits_for;
  bool waits_for_writes = false;
  bool waits_for_loads = false;  // reads a tensor the phase loads whole, or shares the loader
};
// Phase `ph`'s tasks (phase_order.cpp): those waiting for nothing first, in the schedule's
// order, then the waiting ones, each once what it waits for is issued (the phase's loads,
// when `loads`, count as issued first), the one the estimate expects free first next. Throws UnsupportedSchedule
// where a WAIT would hold back a task that what it waits for needs (a block FIFO partner).
// When each task of a phase and the phase's own loads are expected done (cycles from the
// phase's start, by the closed-form estimate; empty where it cannot say), per phase.
struct ExpectedDone {
  std::map<int, long long> task;
  long long loads = 0;
};
std::vector<ExpectedDone> expected_done(const workload::Workload& w, const workload::Plan& p);
std::vector<TaskIssue> phase_issue_order(const workload::Workload& w, const workload::Plan& p, int ph, bool loads,
                                         const ExpectedDone& expected);
// The WAIT before `ti`'s RUNs, if it needs one: for the units (`units_of` its tasks) of
// the tasks it waits for, and for the loader the first time a task of the phase needs the
// loads (`loads_awaited` then set); before any task runs, a plain WAIT.
std::optional<hw::prims::Instruction> wait_before(const TaskIssue& ti, const std::map<int, uint32_t>& units_of,
                                                  int loader, const Faults& f, bool& loads_awaited);

// Every core's array columns and panel store rows (system_core_arrays.cpp); refuses a
// GEMM on several re-split cores and a core re-split two ways.
void size_core_arrays(const workload::Workload& w, const workload::Plan& p, SystemPlan& s);

// Throws UnsupportedSchedule (system.hpp).
SystemPlan make_system_plan(const workload::Workload& w, const workload::Plan& p, const Faults& f);

// The layout (system_layout.cpp): s.place, s.ring, the banks; s.dram_offset, s.dram_extent.
void place_tensors(const workload::Workload& w, const workload::Plan& p, SystemPlan& s);
void lay_out_dram(const workload::Workload& w, const workload::Plan& p, SystemPlan& s);

// Throws UnsupportedSchedule naming `what`.
[[noreturn]] void unsupported(const workload::Workload& w, const std::string& what);

// The checks of what the top builds so far (system_checks.cpp): throws UnsupportedSchedule.
void check_supported(const workload::Workload& w, const workload::Plan& p);
// The workload's first GEMM task (its result format is the cores' output format).
const workload::Task& first_gemm(const workload::Workload& w);

// Adds `net` as a producer or consumer of the block FIFO `what` of phase `phase` (made
// on first use, of `depth` row blocks).
void add_fifo_end(SystemPlan& s, const std::string& what, int phase, int depth, const std::string& net, bool producer);
// Row blocks of the FIFO a tensor of the plan lives in (its depth, at most its blocks).
long long fifo_blocks(const workload::Workload& w, const workload::Plan& p, int tensor);
// True if `task` reads its input `input` row block by row block as a task of its phase
// writes it into the buffer (the models' row dependency on a buffer tensor), as an SFU
// input or a row-order GEMM's A: the two meet in a block FIFO as deep as the tensor,
// which never wraps, so the follower waits for each block and the producer never.
bool follows_in_buffer(const workload::Workload& w, const workload::Plan& p, int task, size_t input);
// True if `task` reads its input `input` through a block FIFO of its phase: a FIFO tensor,
// or one it follows in the buffer.
bool flows_in_phase(const workload::Workload& w, const workload::Plan& p, int task, size_t input);
// The row blocks of the block FIFO a tensor's producer writes into: the FIFO's depth for
// a FIFO tensor, all of its row blocks for a buffer tensor some task follows, else 0.
long long flow_blocks(const workload::Workload& w, const workload::Plan& p, int tensor);

// The controller's RUN of the last of `stages` stages on `unit` (numbered now if it has no
// number yet), with the job's bounds and first row tile.
void add_run(SystemPlan& s, int& unit, size_t stages, long long m, long long n, long long k, long long offset = 0);

// A GEMM task (system_plan_gemm.cpp): refuses a split over cores the top does not build;
// adds the task's stages and RUNs (A ring load, per core its share, panel reader, tile
// writers).
void check_core_split(const workload::Workload& w, const workload::Plan& p, int task);
// The cores of a GEMM that split its column tiles round robin (SystemPlan::cores), else 1.
long long column_group(const workload::Workload& w, const workload::Plan& p, int task);
void gemm_jobs(const workload::Workload& w, const workload::Plan& p, int task, const Faults& f, SystemPlan& s);

}  // namespace bitloom::workload_rtl::system
