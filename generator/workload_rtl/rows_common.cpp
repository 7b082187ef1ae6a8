#include "generator/workload_rtl/rows_common.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/unit_job.hpp"
#include "hw/prims/prims.hpp"

namespace bitloom::workload_rtl::rows {

namespace {

constexpr int kRowBits = core::kRowBits;

bool power_of_two(long long v) { return v > 0 && (v & (v - 1)) == 0; }

}  // namespace

std::vector<StageField<RowStage>> row_stage_fields(const Shape& s) {
  const RowOptions& o = s.o;
  const int l = o.lanes, dw = o.data_bytes;
  auto blocks = [l](const RowStage& c) { return (c.rows + l - 1) / l; };
  std::vector<StageField<RowStage>> fields{
      {"dram_offset", o.addr_bits, [](const RowStage& c) { return c.dram_offset; }},
      {"block_bytes", o.addr_bits, [l](const RowStage& c) { return c.pitch_bytes * l; }},
      {"block_beats", o.beats_bits, [=](const RowStage& c) { return c.pitch_bytes * l / dw; }},
      {"last_block", s.block_bits, [=](const RowStage& c) { return blocks(c) - 1; }},
      {"last_block_beats", o.beats_bits, [=](const RowStage& c) { return (c.rows - (blocks(c) - 1) * l) * c.pitch_bytes / dw; }},
      {"rows", kRowBits, [](const RowStage& c) { return c.rows; }},
      {"words", s.slot_bits, [](const RowStage& c) { return c.words; }},
      {"slots_last", s.slot_bits, [=](const RowStage& c) { return c.pitch_bytes / s.word_bytes - 1; }},
      {"buf_base", o.address_bits, [](const RowStage& c) { return c.buf_base; }},
      {"buf_pitch", o.address_bits, [](const RowStage& c) { return c.buf_pitch; }},
      {"buf_block_step", o.address_bits, [=](const RowStage& c) { return c.buf_pitch * l & ((1LL << o.address_bits) - 1); }},
      {"ring", 1, [](const RowStage& c) { return c.ring_blocks > 0 ? 1LL : 0LL; }},
      {"ring_end", o.address_bits,
       [=](const RowStage& c) { return (c.buf_base + c.ring_blocks * l * c.buf_pitch) & ((1LL << o.address_bits) - 1); }},
  };
  if (s.cols_field)
    fields.push_back({"cols", kRowBits, [l](const RowStage& c) { return c.cols > 0 ? c.cols : c.words * l; }});
  return fields;
}

namespace {

void check_stage(const Shape& s, const RowStage& c, size_t i) {
  const RowOptions& o = s.o;
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument(fmt::format("DRAM rows {}: stage {}: {}", s.name, i, why));
  };
  if (c.rows < 1 || c.rows >= (1LL << (kRowBits - 1))) fail(fmt::format("{} rows", c.rows));
  if (c.pitch_bytes < 1 || c.pitch_bytes % o.data_bytes || c.pitch_bytes % s.word_bytes)
    fail(fmt::format("a pitch of {} bytes is not a multiple of the {}-byte beat and the {}-byte word", c.pitch_bytes,
                     o.data_bytes, s.word_bytes));
  if (c.words < 1 || c.words * s.word_bytes > c.pitch_bytes)
    fail(fmt::format("{} words of {} bytes do not fit a {}-byte row", c.words, s.word_bytes, c.pitch_bytes));
  if (c.pitch_bytes / s.word_bytes > (1LL << s.slot_bits)) fail("more slots per row than the slot counter holds");
  if (c.pitch_bytes * o.lanes / o.data_bytes >= (1LL << o.beats_bits))
    fail(fmt::format("a row block of {} beats does not fit the {}-bit beat count", c.pitch_bytes * o.lanes / o.data_bytes,
                     o.beats_bits));
  const long long words = 1LL << o.address_bits;
  if (c.buf_base < 0 || c.buf_base >= words || c.buf_pitch < c.words || c.buf_pitch >= words)
    fail(fmt::format("buffer base {} / pitch {} outside {} words", c.buf_base, c.buf_pitch, words));
  if (c.ring_blocks < 0 || c.buf_base + c.ring_blocks * o.lanes * c.buf_pitch > words)
    fail(fmt::format("a ring of {} row blocks from word {} does not fit {} words", c.ring_blocks, c.buf_base, words));
  if (c.dram_offset < 0 || c.dram_offset % o.data_bytes || c.dram_offset >= (1LL << o.addr_bits))
    fail(fmt::format("DRAM offset {} is not a beat inside the {}-bit address", c.dram_offset, o.addr_bits));
}

}  // namespace

Shape shape_of(const std::string& name, const RowOptions& o, const std::vector<RowStage>& stages, bool cols_field) {
  Shape s;
  s.name = name;
  s.o = o;
  s.cols_field = cols_field;
  if (!power_of_two(o.lanes) || o.lanes < 2 || (o.elem_width != 8 && o.elem_width != 16) || !power_of_two(o.data_bytes) ||
      o.addr_bits < 12 || o.addr_bits > 48 || o.beats_bits < 1 || o.beats_bits > 24 || o.address_bits < 2 ||
      o.address_bits > 30)
    throw std::invalid_argument(fmt::format("DRAM rows {}: {} lanes of {} bits, {}-byte beats", name, o.lanes,
                                            o.elem_width, o.data_bytes));
  s.lane_bits = hw::prims::bits_for(o.lanes - 1);
  s.word_bytes = o.lanes * o.elem_width / 8;
  s.slots_per_beat = std::max(1, o.data_bytes / s.word_bytes);
  s.beats_per_slot = std::max(1, s.word_bytes / o.data_bytes);
  s.slot_bits = 12;
  check_stage_count("DRAM rows", name, stages.size());
  for (size_t i = 0; i < stages.size(); ++i) check_stage(s, stages[i], i);
  return s;
}

std::string column_keep_text(const Shape& s, const std::string& keep) {
  return fmt::format(R"(
  genvar gl;
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_keep
      wire [{rw1}:0] column = {{{cpad}'d0, slot_q, gl[{lw1}:0]}};
      assign {keep}[gl] = column < cols_q;
    end
  endgenerate
)",
                     fmt::arg("lanes", s.o.lanes), fmt::arg("rw1", kRowBits - 1),
                     fmt::arg("cpad", kRowBits - s.slot_bits - s.lane_bits), fmt::arg("lw1", s.lane_bits - 1),
                     fmt::arg("keep", keep));
}

void add_common_ports(hw::Module& m, const Shape& s) {
  add_job_ports(m);
  m.input("dram_base_i", s.o.addr_bits, "the workload's DRAM base");
  m.output("cmd_valid_o", 1, "one DMA command per row block");
  m.input("cmd_ready_i");
  m.output("cmd_addr_o", s.o.addr_bits);
  m.output("cmd_beats_o", s.o.beats_bits);
  m.input("ring_room_i", 1, "ring stages: a block may be claimed (loader: a free slot; storer: a full one)");
  m.output("ring_claim_o", 1, "ring stages: a block's DMA command is issued");
  m.output("ring_done_o", 1, "ring stages: a block's last row is moved");
}

}  // namespace bitloom::workload_rtl::rows
