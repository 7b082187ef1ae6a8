#include "generator/workload_rtl/buffer_rows.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "generator/workload_rtl/core_parts.hpp"
#include "generator/workload_rtl/rows_common.hpp"
#include "hw/prims/prims.hpp"
#include "hw/stream.hpp"

namespace bitloom::workload_rtl {

namespace {

constexpr int kReadDepth = 4;  // read FIFO: a read in flight + two words keep a word per cycle

long long words_of(const BufferRowStage& s, int lanes) { return (s.cols + lanes - 1) / lanes; }

rows::Shape shape_of(const std::string& name, const BufferRowOptions& o, const std::vector<BufferRowStage>& stages) {
  rows::Shape s;
  s.name = name;
  s.o.lanes = o.lanes;
  s.o.elem_width = o.elem_width;
  s.o.address_bits = o.address_bits;
  s.lane_bits = hw::prims::bits_for(o.lanes - 1);
  s.slot_bits = 12;
  if (o.lanes < 2 || (o.lanes & (o.lanes - 1)) || o.elem_width < 1 || o.address_bits < 2 || o.address_bits > 30)
    throw std::invalid_argument(fmt::format("buffer rows {}: {} lanes of {} bits", name, o.lanes, o.elem_width));
  check_stage_count("buffer rows", name, stages.size());
  for (size_t i = 0; i < stages.size(); ++i) {
    const BufferRowStage& t = stages[i];
    const long long words = words_of(t, o.lanes);
    if (t.rows < 1 || t.cols < 1 || t.rows >= (1LL << (core::kRowBits - 1)) || words >= (1LL << s.slot_bits) ||
        t.buf_pitch < words || t.buf_base < 0 || t.buf_base >= (1LL << o.address_bits) ||
        t.buf_pitch >= (1LL << o.address_bits))
      throw std::invalid_argument(fmt::format("buffer rows {}: stage {}: {} x {} at word {}, pitch {}", name, i, t.rows,
                                              t.cols, t.buf_base, t.buf_pitch));
    if (t.ring_blocks < 0 || t.buf_base + t.ring_blocks * o.lanes * t.buf_pitch > (1LL << o.address_bits))
      throw std::invalid_argument(fmt::format("buffer rows {}: stage {}: a ring of {} row blocks from word {} does not "
                                              "fit the word address", name, i, t.ring_blocks, t.buf_base));
  }
  return s;
}


// A ring block is held from its first slot to its last: ring_wait says the next block
// cannot start yet (`go` is low); ring_<start>_o and ring_<end>_o are the pulses.
std::string ring_hold_text(const std::string& go, const std::string& start, const std::string& end) {
  return fmt::format(R"(
  // ---------------------------------------------------------------- block FIFO
  // A block is {start} at its first slot (waiting until {go}) and {end} at its last.
  reg  ring_held_q;
  wire ring_wait = ring_q && !ring_held_q && !{go};
  always @(posedge clk_i) begin
    if (!rst_ni) ring_held_q <= 1'b0;
    else if (ring_{end}_o) ring_held_q <= 1'b0;
    else if (ring_{start}_o) ring_held_q <= 1'b1;
  end
)",
                     fmt::arg("start", start), fmt::arg("go", go), fmt::arg("end", end));
}

// A ring unit's block FIFO ports, and its hold (ring_hold_text) with the first slot's
// pulse: the reader takes blocks and frees them, the writer claims slots and fills them.
std::string add_ring_ports(hw::Module& m, bool reader, std::vector<std::string>& drives, std::vector<std::string>& reads) {
  const std::string go = reader ? "ring_ready_i" : "ring_room_i", start = reader ? "take" : "claim",
                    end = reader ? "free" : "done";
  m.input(go, 1, reader ? "ring stages: a filled row block is waiting" : "ring stages: a free row block slot is waiting");
  m.output("ring_" + start + "_o", 1, reader ? "ring stages: the reads start on a row block"
                                             : "ring stages: the writes start on a row block slot");
  m.output("ring_" + end + "_o", 1, reader ? "ring stages: the reads are done with a row block"
                                           : "ring stages: a row block is written");
  drives.insert(drives.end(), {"ring_" + start + "_o", "ring_" + end + "_o"});
  reads.push_back(go);
  return ring_hold_text(go, start, end) +
         fmt::format("  assign ring_{}_o = slot_advance && ring_q && !ring_held_q;\n", start);
}

std::string job_and_table(const rows::Shape& s, const std::vector<BufferRowStage>& stages, const std::string& ring_end) {
  const int l = s.o.lanes, ab = s.o.address_bits;
  std::vector<StageField<BufferRowStage>> fields = {
      {"rows", core::kRowBits, [](const BufferRowStage& t) { return t.rows; }},
      {"cols", core::kRowBits, [](const BufferRowStage& t) { return t.cols; }},
      {"words", s.slot_bits, [l](const BufferRowStage& t) { return words_of(t, l); }},
      {"slots_last", s.slot_bits, [l](const BufferRowStage& t) { return words_of(t, l) - 1; }},
      {"buf_base", ab, [](const BufferRowStage& t) { return t.buf_base; }},
      {"buf_pitch", ab, [](const BufferRowStage& t) { return t.buf_pitch; }},
      {"buf_block_step", ab, [=](const BufferRowStage& t) { return t.buf_pitch * l & ((1LL << ab) - 1); }}};
  if (!ring_end.empty()) {
    fields.push_back({"ring", 1, [](const BufferRowStage& t) { return t.ring_blocks > 0 ? 1LL : 0LL; }});
    fields.push_back({"ring_end", ab, [=](const BufferRowStage& t) {
                        return (t.buf_base + t.ring_blocks * l * t.buf_pitch) & ((1LL << ab) - 1);
                      }});
  }
  return job_register_text(false) + "\n  // ---------------------------------------------------------------- stage table\n" +
         stage_table_text(fields, stages) + rows::counters_text(s, ring_end);
}


}  // namespace

bool any_ring(const std::vector<BufferRowStage>& stages) {
  for (const BufferRowStage& t : stages)
    if (t.ring_blocks > 0) return true;
  return false;
}

std::vector<hw::Module> buffer_row_reader(const std::string& name, const BufferRowOptions& o,
                                          const std::vector<BufferRowStage>& stages) {
  const rows::Shape s = shape_of(name, o, stages);
  const hw::Stream row = hw::stream_shape("row", o.lanes, o.elem_width, true, true);
  hw::prims::FifoOptions fo;
  fo.depth = kReadDepth;
  std::vector<hw::Module> out{hw::prims::fifo(name + "_words", row, fo)};
  hw::Module m(name, fmt::format("{}: buffer row reader: a tensor's rows out of a skewed buffer as a stream, a word of\n"
                                 "{} lanes a beat (generator/workload_rtl/buffer_rows.hpp).",
                                 name, o.lanes));
  add_job_ports(m);
  m.output("rd_en_o", 1, "row slice reads");
  m.output("rd_addr_o", o.address_bits);
  m.output("rd_rot_o", s.lane_bits);
  m.input("rd_data_i", o.lanes * o.elem_width, "one cycle after rd_en_o");
  hw::Stream port = row;
  port.sink = false;
  const hw::StreamNets q = hw::add_stream(m, port, "tlast on a row's last word, tkeep 0 past cols");
  m.wire("read_valid");
  m.wire("read_ready");
  m.wire("read_last");
  m.wire("read_keep", o.lanes);
  m.wire("word_count", hw::prims::bits_for(kReadDepth));
  hw::Instance f{name + "_words", "u_words", "Words read, waiting to leave.", {}};
  for (const auto& [p, n] : std::vector<std::pair<const char*, const char*>>{
           {"clk_i", "clk_i"}, {"rst_ni", "rst_ni"}, {"s_row_tvalid", "read_valid"}, {"s_row_tready", "read_ready"},
           {"s_row_tdata", "rd_data_i"}, {"s_row_tlast", "read_last"}, {"s_row_tkeep", "read_keep"},
           {"occupancy_o", "word_count"}})
    connect(f, p, m.net(n));
  hw::connect_stream(f, port, q);
  m.add(f);
  const int cb = hw::prims::bits_for(kReadDepth);
  const bool ring = any_ring(stages);
  std::vector<std::string> drives{"s_job_tready", "idle_o", "rd_en_o", "rd_addr_o", "rd_rot_o", "read_valid", "read_last", "read_keep"};
  std::vector<std::string> reads{"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", "read_ready", "word_count", q.valid.text};
  std::string hold;
  if (ring) hold = add_ring_ports(m, true, drives, reads);
  m.raw(job_and_table(s, stages, ring ? "ring_free_o" : "") + hold + fmt::format(R"(
  // ---------------------------------------------------------------- reads
  // A word is read only with room for it in the FIFO (a read in flight counts).
  reg  read_valid_q, read_last_q;
  reg  [{l1}:0] read_keep_q;
  wire credit = {{1'b0, word_count}} + {{{cb}'d0, read_valid_q}} < {cb1}'d{depth};
  assign slot_advance = rows_active_q && credit{ring_go};
  assign rd_en_o = slot_advance;
  assign rd_addr_o = slot_word;
  assign rd_rot_o = row_q[{lw1}:0];
  assign read_valid = read_valid_q;
  assign read_last = read_last_q;
  assign read_keep = read_keep_q;
  genvar gl;
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_keep
      wire [{rw1}:0] column = {{{cpad}'d0, slot_q, gl[{lw1}:0]}};
      always @(posedge clk_i) read_keep_q[gl] <= column < cols_q;
    end
  endgenerate
  always @(posedge clk_i) begin
    if (!rst_ni) read_valid_q <= 1'b0;
    else read_valid_q <= slot_advance;
    read_last_q <= last_slot;
  end
  assign job_done = busy_q && !start_q && !rows_active_q && !read_valid_q && !{qv};
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused_ready = read_ready | slot_is_data;  // the credit keeps room; every slot is a word
  /* verilator lint_on UNUSEDSIGNAL */
)",
                                               fmt::arg("l1", o.lanes - 1), fmt::arg("cb", cb), fmt::arg("cb1", cb + 1),
                                               fmt::arg("depth", kReadDepth), fmt::arg("lw1", s.lane_bits - 1),
                                               fmt::arg("lanes", o.lanes), fmt::arg("rw1", core::kRowBits - 1),
                                               fmt::arg("cpad", core::kRowBits - s.slot_bits - s.lane_bits),
                                               fmt::arg("qv", q.valid.text), fmt::arg("ring_go", ring ? " && !ring_wait" : "")),
        drives, reads);
  out.push_back(std::move(m));
  return out;
}

std::vector<hw::Module> buffer_row_writer(const std::string& name, const BufferRowOptions& o,
                                          const std::vector<BufferRowStage>& stages) {
  const rows::Shape s = shape_of(name, o, stages);
  hw::Module m(name, fmt::format("{}: buffer row writer: a stream of rows, a word of {} lanes a beat, into a skewed\n"
                                 "buffer; lanes with tkeep 0 are written as 0 (generator/workload_rtl/buffer_rows.hpp).",
                                 name, o.lanes));
  add_job_ports(m);
  const hw::StreamNets in = hw::add_stream(m, hw::stream_shape("row", o.lanes, o.elem_width, true, true), "rows in order");
  m.output("wr_valid_o", 1, "row slices into the buffer");
  m.input("wr_ready_i");
  m.output("wr_addr_o", o.address_bits);
  m.output("wr_rot_o", s.lane_bits);
  m.output("wr_data_o", o.lanes * o.elem_width);
  const bool ring = any_ring(stages);
  std::vector<std::string> drives{"s_job_tready", "idle_o", in.ready.text, "wr_valid_o", "wr_addr_o", "wr_rot_o", "wr_data_o"};
  std::vector<std::string> reads{"clk_i", "rst_ni", "s_job_tvalid", "s_job_tdata", in.valid.text, in.data.text,
                                 in.keep.text, in.last.text, "wr_ready_i"};
  std::string hold;
  if (ring) hold = add_ring_ports(m, false, drives, reads);
  m.raw(job_and_table(s, stages, ring ? "ring_done_o" : "") + hold + fmt::format(R"(
  // ---------------------------------------------------------------- writes
  assign slot_advance = {iv} && {ir};
  assign {ir} = rows_active_q && wr_ready_i{ring_go};
  assign wr_valid_o = {iv} && rows_active_q{ring_go};
  assign wr_addr_o = slot_word;
  assign wr_rot_o = row_q[{lw1}:0];
  // A lane is written as 0 past the tensor's columns (whatever the stream carries there,
  // as from a unit without tkeep) and where tkeep is 0.
  genvar gl;
  generate
    for (gl = 0; gl < {lanes}; gl = gl + 1) begin : gen_lane
      wire [{rw1}:0] column = {{{cpad}'d0, slot_q, gl[{lw1}:0]}};
      assign wr_data_o[gl*{w} +: {w}] = {ik}[gl] && column < cols_q ? {id}[gl*{w} +: {w}] : {w}'d0;
    end
  endgenerate
  assign job_done = busy_q && !start_q && !rows_active_q;
  /* verilator lint_off UNUSEDSIGNAL */
  wire unused = {il} | slot_is_data;  // the row counters know where a row ends
  /* verilator lint_on UNUSEDSIGNAL */
)",
                                               fmt::arg("iv", in.valid.text), fmt::arg("ir", in.ready.text),
                                               fmt::arg("ik", in.keep.text), fmt::arg("id", in.data.text),
                                               fmt::arg("il", in.last.text), fmt::arg("lw1", s.lane_bits - 1),
                                               fmt::arg("lanes", o.lanes), fmt::arg("w", o.elem_width),
                                               fmt::arg("rw1", core::kRowBits - 1),
                                               fmt::arg("cpad", core::kRowBits - s.slot_bits - s.lane_bits),
                                               fmt::arg("ring_go", ring ? " && !ring_wait" : "")),
        drives, reads);
  return {m};
}

}  // namespace bitloom::workload_rtl
