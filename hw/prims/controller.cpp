#include "hw/prims/controller.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "hw/prims/prims.hpp"

namespace bitloom::hw::prims {

namespace {

// The sequencer: fetch, execute, reconfigure. {due} assigns queue_due.
constexpr const char* kSequencer = R"(
  localparam [1:0] IDLE = 2'd0, FETCH = 2'd1, EXECUTE = 2'd2, RECONFIGURE = 2'd3;
  wire [1:0] opcode = instruction[63:62];
  /* verilator lint_off UNUSEDSIGNAL */
  wire [4:0] unit_field = instruction[61:57];
  /* verilator lint_on UNUSEDSIGNAL */
  assign unit = unit_field[{ub1}:0];
  wire executing = state_q == EXECUTE;
  assign run = executing && opcode == 2'd0;
  wire sync = executing && opcode == 2'd1;
  wire halt = executing && opcode == 2'd2;
  wire wait_quiet = executing && opcode == 2'd3;
{due}  // A RUN waits for a slot in its unit's queue; a SYNC and HALT for every unit and write.
  wire run_done = queue_ready[unit];
  wire all_quiet = queue_due == {units}'d0 && &unit_idle_i && writes_idle_i;
{masked}  assign busy_o = state_q != IDLE;
  assign done_o = done_q;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= IDLE;
      pc_q    <= {pw}'d0;
      phase_o <= 8'd0;
      wait_q  <= 8'd0;
      done_q  <= 1'b0;
    end else begin
      case (state_q)
        IDLE: if (start_i) begin
          state_q <= FETCH;
          pc_q    <= {pw}'d0;
          phase_o <= 8'd0;
          done_q  <= 1'b0;
        end
        FETCH: state_q <= EXECUTE;  // the ROM's word arrives
        EXECUTE: begin
          if (run && run_done) begin
            pc_q    <= pc_q + {pw}'d1;
            state_q <= FETCH;
          end
          if (sync && all_quiet) begin
            wait_q  <= 8'd{reconfig};
            state_q <= RECONFIGURE;
          end
          if (wait_quiet && {wait_ready}) begin  // a dependency inside a phase: no reconfiguration
            pc_q    <= pc_q + {pw}'d1;
            state_q <= FETCH;
          end
          if (halt && all_quiet) begin
            done_q  <= 1'b1;
            state_q <= IDLE;
          end
        end
        RECONFIGURE: if (wait_q == 8'd0) begin
          phase_o <= phase_o + 8'd1;
          pc_q    <= pc_q + {pw}'d1;
          state_q <= FETCH;
        end else begin
          wait_q <= wait_q - 8'd1;
        end
        default: state_q <= IDLE;
      endcase
    end
  end
)";

struct Field {
  int lsb, width;
};
constexpr Field kOp{62, 2}, kUnit{57, 5}, kStage{52, 5}, kM{40, 12}, kN{28, 12}, kK{14, 14}, kOffset{0, 14};
constexpr Field kWaitUnits{0, 32}, kWaitWrites{32, 1};

// A masked WAIT's condition: its units' queues empty and the units idle (and the writes,
// if asked); an unmasked one waits for everything.
constexpr const char* kMaskedWait = R"(  // A WAIT with a unit mask (bits {u1}:0) waits for those units only, and for the writes
  // if bit 32 asks; a WAIT without one for everything.
  wire [{u1}:0] wait_units = instruction[{u1}:0];
  wire wait_writes = instruction[32];
  wire units_quiet = ((queue_due | ~unit_idle_i) & wait_units) == {units}'d0 && (!wait_writes || writes_idle_i);
  wire wait_ready = wait_units == {units}'d0 ? all_quiet : units_quiet;
)";

bool masked(const Instruction& i) { return i.op == Instruction::Op::kWait && (i.wait_units != 0 || i.wait_writes); }

uint64_t put(uint64_t word, Field f, long long value, const char* name) {
  if (value < 0 || value >= (1LL << f.width))
    throw std::logic_error(fmt::format("controller: {} {} does not fit {} bits", name, value, f.width));
  return word | (static_cast<uint64_t>(value) << f.lsb);
}

int get(uint64_t word, Field f) { return static_cast<int>((word >> f.lsb) & ((1ULL << f.width) - 1)); }

}  // namespace

uint64_t encode(const Instruction& i) {
  uint64_t w = put(0, kOp, static_cast<int>(i.op), "op");
  if (masked(i)) {
    if (i.wait_units == 0 || i.unit || i.stage || i.m_bound || i.n_bound || i.k_bound || i.offset)
      throw std::logic_error("controller: a masked WAIT names its units and nothing else");
    return put(put(w, kWaitUnits, i.wait_units, "wait units"), kWaitWrites, i.wait_writes, "wait writes");
  }
  w = put(w, kUnit, i.unit, "unit");
  w = put(w, kStage, i.stage, "stage");
  w = put(w, kM, i.m_bound, "m_bound");
  w = put(w, kN, i.n_bound, "n_bound");
  w = put(w, kK, i.k_bound, "k_bound");
  return put(w, kOffset, i.offset, "offset");
}

uint64_t job_word(int stage, int m_bound, int n_bound, int k_bound, int offset) {
  const Instruction run{Instruction::Op::kRun, 0, stage, m_bound, n_bound, k_bound, offset};
  return encode(run) & ((uint64_t{1} << 57) - 1);
}

Instruction decode(uint64_t word) {
  Instruction i;
  i.op = static_cast<Instruction::Op>(get(word, kOp));
  if (i.op == Instruction::Op::kWait) {
    i.wait_units = static_cast<uint32_t>(word & 0xffffffffULL);
    i.wait_writes = get(word, kWaitWrites) != 0;
    if (i.wait_units != 0) return i;
  }
  i.unit = get(word, kUnit);
  i.stage = get(word, kStage);
  i.m_bound = get(word, kM);
  i.n_bound = get(word, kN);
  i.k_bound = get(word, kK);
  i.offset = get(word, kOffset);
  return i;
}

// The program as ROM words, after checking it.
std::vector<unsigned long long> program_words(const std::string& name, int units,
                                              const std::vector<Instruction>& program, int reconfig_cycles) {
  if (units < 1 || units > 32 || program.empty() || reconfig_cycles < 0 || reconfig_cycles > 255)
    throw std::logic_error(fmt::format("controller {}: {} units, {} instructions, {} reconfiguration cycles", name,
                                       units, program.size(), reconfig_cycles));
  std::vector<unsigned long long> words;
  for (const Instruction& i : program) {
    if (i.op == Instruction::Op::kRun && i.unit >= units)
      throw std::logic_error(fmt::format("controller {}: RUN for unit {} of {}", name, i.unit, units));
    if (masked(i) && (units < 32 && (i.wait_units >> units) != 0))
      throw std::logic_error(fmt::format("controller {}: WAIT for units {:#x} of {}", name, i.wait_units, units));
    words.push_back(encode(i));
  }
  if (program.back().op != Instruction::Op::kHalt)
    throw std::logic_error(fmt::format("controller {}: the program does not end with HALT", name));
  return words;
}

// The program ROM and one job queue per unit.
void add_program_and_queues(Module& m, const std::string& name, int units, int unit_bits) {
  Instance rom_inst{name + "_program", "u_program", "The program; the word at pc_q one cycle later.", {}};
  connect(rom_inst, "clk_i", m.net("clk_i"));
  connect(rom_inst, "addr_i", m.net("pc_q"));
  connect(rom_inst, "data_o", m.net("instruction"));
  m.add(rom_inst);
  for (int u = 0; u < units; ++u) {
    Instance q{name + "_queue", fmt::format("u_queue{}", u), u == 0 ? "Two jobs per unit." : "", {}};
    connect(q, "clk_i", m.net("clk_i"));
    connect(q, "rst_ni", m.net("rst_ni"));
    connect(q, "s_job_tvalid",
            op(fmt::format("run && unit == {}'d{}", unit_bits, u), 1, {m.net("run"), m.net("unit")}));
    connect(q, "s_job_tready", bit(m.net("queue_ready"), u));
    connect(q, "s_job_tdata", slice(m.net("instruction"), 0, 57));
    connect(q, "m_job_tvalid", m.net(fmt::format("m_run{}_tvalid", u)));
    connect(q, "m_job_tready", m.net(fmt::format("m_run{}_tready", u)));
    connect(q, "m_job_tdata", m.net(fmt::format("m_run{}_tdata", u)));
    m.add(q);
  }
}

std::vector<Module> workload_controller(const std::string& name, int units, const std::vector<Instruction>& program,
                                        int reconfig_cycles) {
  const std::vector<unsigned long long> words = program_words(name, units, program, reconfig_cycles);
  const int pw = bits_for(static_cast<long long>(program.size()) - 1), ub = bits_for(units - 1);
  std::vector<Module> out{rom(name + "_program", 64, words),
                          fifo(name + "_queue", stream_shape("job", 1, 57), {2, 0, false})};

  Module m(name, fmt::format("{}: workload controller, {} units, a {}-instruction program (see\n"
                             "hw/prims/controller.hpp for the instruction format and the units' contract).",
                             name, units, program.size()));
  m.input("clk_i");
  m.input("rst_ni");
  m.input("start_i", 1, "runs the program from its first instruction (ignored while busy)");
  m.output("busy_o");
  m.output("done_o", 1, "the program reached HALT; low again at the next start");
  m.output_reg("phase_o", 8, "SYNCs passed in this run");
  m.input("unit_idle_i", units);
  m.input("writes_idle_i", 1, "every DRAM write acknowledged");
  for (int u = 0; u < units; ++u) {
    m.output(fmt::format("m_run{}_tvalid", u));
    m.input(fmt::format("m_run{}_tready", u));
    m.output(fmt::format("m_run{}_tdata", u), 57, "stage, bounds and offset of the unit's next job");
  }
  m.reg("pc_q", pw, "the instruction fetched or executing");
  m.reg("state_q", 2);
  m.reg("wait_q", 8, "reconfiguration cycles left");
  m.reg("done_q");
  m.wire("instruction", 64);
  m.wire("queue_ready", units);
  m.wire("queue_due", units, "a unit's queue holds a job");
  m.wire("run", 1, "a RUN executes");
  m.wire("unit", ub, "its unit");
  add_program_and_queues(m, name, units, ub);
  std::string due;
  for (int u = 0; u < units; ++u) due += fmt::format("  assign queue_due[{0}] = m_run{0}_tvalid;\n", u);
  std::vector<std::string> reads = {"clk_i", "rst_ni", "start_i", "instruction", "queue_ready", "queue_due",
                                    "unit_idle_i", "writes_idle_i", "pc_q", "state_q", "wait_q", "done_q", "phase_o"};
  for (int u = 0; u < units; ++u) reads.push_back(fmt::format("m_run{}_tvalid", u));
  const bool any_masked = std::any_of(program.begin(), program.end(), masked);
  const std::string masked_wait =
      any_masked ? fmt::format(fmt::runtime(kMaskedWait), fmt::arg("u1", units - 1), fmt::arg("units", units)) : "";
  m.raw(fmt::format(fmt::runtime(kSequencer),
                    fmt::arg("ub1", ub - 1), fmt::arg("units", units), fmt::arg("pw", pw), fmt::arg("due", due),
                    fmt::arg("reconfig", reconfig_cycles), fmt::arg("masked", masked_wait),
                    fmt::arg("wait_ready", any_masked ? "wait_ready" : "all_quiet")),
        {"queue_due", "run", "unit", "busy_o", "done_o", "pc_q", "state_q", "wait_q", "done_q", "phase_o"}, reads);
  out.push_back(std::move(m));
  return out;
}

}  // namespace bitloom::hw::prims
