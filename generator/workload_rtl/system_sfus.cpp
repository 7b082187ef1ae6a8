// The workload top's special-function units (system_builder.hpp): softmax and GELU (the
// generated nonlinear blocks, unchanged), the saturating add, and the buffer row reader
// and writer around each.
#include <fmt/format.h>

#include <algorithm>

#include "generator/nonlinear/gelu_unit.hpp"
#include "generator/nonlinear/softmax_unit.hpp"
#include "generator/workload/unit_timing.hpp"
#include "generator/workload_rtl/system_builder.hpp"
#include "hw/prims/stream_units.hpp"
#include "generator/workload_rtl/dram_rows.hpp"

namespace bitloom::workload_rtl::system {

namespace {

// A stream's nets <n>_valid, _ready, _data, _last, _keep.
void stream_wires(Module& m, const std::string& n, int lanes, int width) {
  wires(m, n, {{"_valid", 1}, {"_ready", 1}, {"_data", lanes * width}, {"_last", 1}, {"_keep", lanes}});
}

}  // namespace

// Input i's rows on <tag>_x<i>_*: from a buffer row reader (<tag>_in<i>) and/or a DRAM
// row streamer (<tag>_d<i>), whichever has the job (one at a time).
void Builder::sfu_input(const SfuPlan& u, int i) {
  const BufferRowOptions o{s.lanes, s.elem_width(), s.address_bits};
  const int lw = s.lane_bits(), dw = s.word_bits(), ab = s.address_bits;
  const std::string x = fmt::format("{}_x{}", u.tag, i);
  stream_wires(top, x, s.lanes, s.elem_width());
  std::vector<std::string> sources;
  if (u.in_unit[i] >= 0) {
    const std::string in = fmt::format("{}_in{}", u.tag, i), rd = fmt::format("{}_r{}_rd", u.tag, i);
    add_modules(buffer_row_reader(name(in), o, u.in[i]));
    stream_wires(top, in, s.lanes, s.elem_width());
    wires(top, rd, {{"_en", 1}, {"_addr", ab}, {"_rot", lw}, {"_data", dw}});
    Pairs p = append(job_pairs(u.in_unit[i], fmt::format("idle{}", u.in_unit[i])),
                     {{"rd_en_o", rd + "_en"}, {"rd_addr_o", rd + "_addr"}, {"rd_rot_o", rd + "_rot"},
                      {"rd_data_i", rd + "_data"}, {"m_row_tvalid", in + "_valid"}, {"m_row_tready", in + "_ready"},
                      {"m_row_tdata", in + "_data"}, {"m_row_tlast", in + "_last"}, {"m_row_tkeep", in + "_keep"}});
    if (any_ring(u.in[i])) {  // a block FIFO's consumer (fifos())
      const std::string ring = in + "_ring_";
      wires(top, ring, {{"ready", 1}, {"take", 1}, {"free", 1}});
      p.insert(p.end(), {{"ring_ready_i", ring + "ready"}, {"ring_take_o", ring + "take"}, {"ring_free_o", ring + "free"}});
    }
    top.add(instance(top, name(in), "u_" + in, fmt::format("Rows of input {} of {} from a bank.", i, u.tag), p));
    // Both inputs of an add may be in one bank: each on its own read port. An input whose
    // stages all read one bank reads only that one (read_ports: the other needs no port).
    int bank = -2;
    for (const BufferRowStage& st : u.in[i]) {
      const int b = s.banks > 1 ? static_cast<int>(st.buf_base >> s.bank_bits) : 0;
      bank = bank == -2 || bank == b ? b : -1;
    }
    readers.push_back({rd, bank, Slices::kRows, u.port + (faults.add_inputs_one_port ? 0 : i)});
    if (bank >= 0 && s.banks > 1) unused_nets.push_back(fmt::format("{}_addr[{}]", rd, ab - 1));  // the bank is known
    sources.push_back(in);
  }
  if (u.in_dram_unit[i] >= 0) {
    const std::string d = fmt::format("{}_d{}", u.tag, i);
    const RowOptions ro{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits, s.address_bits};
    add_modules(dram_row_streamer(name(d), ro, u.in_dram[i]));
    stream_wires(top, d, s.lanes, s.elem_width());
    wires(top, d, {{"_room", 1}, {"_claim", 1}, {"_done", 1}});
    top.raw(fmt::format("  assign {}_room = 1'b1;  // no ring\n", d), {d + "_room"}, {});
    unused_nets.insert(unused_nets.end(), {d + "_claim", d + "_done"});
    Pairs p = append(job_pairs(u.in_dram_unit[i], fmt::format("idle{}", u.in_dram_unit[i])), read_client(d + "_r"));
    p.insert(p.end(), {{"ring_room_i", d + "_room"}, {"ring_claim_o", d + "_claim"}, {"ring_done_o", d + "_done"},
                       {"m_row_tvalid", d + "_valid"}, {"m_row_tready", d + "_ready"}, {"m_row_tdata", d + "_data"},
                       {"m_row_tlast", d + "_last"}, {"m_row_tkeep", d + "_keep"}});
    top.add(instance(top, name(d), "u_" + d, fmt::format("Rows of input {} of {} from DRAM.", i, u.tag), p));
    sources.push_back(d);
  }
  std::string valid, data = fmt::format("{}'d0", dw), last = "1'b0", keep = fmt::format("{}'d0", s.lanes), text;
  std::vector<std::string> reads{x + "_ready"}, drives{x + "_valid", x + "_data", x + "_last", x + "_keep"};
  for (const std::string& src : sources) {
    drives.push_back(src + "_ready");
    valid += (valid.empty() ? "" : " || ") + src + "_valid";
    data = fmt::format("{0}_valid ? {0}_data : {1}", src, data);
    last = fmt::format("{0}_valid ? {0}_last : {1}", src, last);
    keep = fmt::format("{0}_valid ? {0}_keep : {1}", src, keep);
    text += fmt::format("  assign {}_ready = {}_ready;\n", src, x);
    reads.insert(reads.end(), {src + "_valid", src + "_data", src + "_last", src + "_keep"});
  }
  top.raw(fmt::format("  assign {0}_valid = {1};\n  assign {0}_data = {2};\n  assign {0}_last = {3};\n"
                      "  assign {0}_keep = {4};\n{5}",
                      x, valid, data, last, keep, text),
          drives, reads);
}

// The results <tag>_res_* into a buffer row writer and/or a DRAM row sink (whichever has
// the job takes them).
void Builder::sfu_output(const SfuPlan& u) {
  const BufferRowOptions o{s.lanes, s.elem_width(), s.address_bits};
  const int lw = s.lane_bits(), dw = s.word_bits(), ab = s.address_bits;
  const std::string res = u.tag + "_res";
  stream_wires(top, res, s.lanes, s.elem_width());
  std::string ready;
  std::vector<std::string> reads;
  const Pairs in{{"s_row_tvalid", res + "_valid"}, {"s_row_tdata", res + "_data"}, {"s_row_tlast", res + "_last"},
                 {"s_row_tkeep", res + "_keep"}};
  if (u.out_unit >= 0) {
    const std::string wr = u.tag + "_w";
    add_modules(buffer_row_writer(name(u.tag + "_out"), o, u.out));
    wires(top, wr, {{"_wr_valid", 1}, {"_wr_ready", 1}, {"_wr_addr", ab}, {"_wr_rot", lw}, {"_wr_data", dw},
                    {"_row_ready", 1}});
    Pairs p = append(append(job_pairs(u.out_unit, fmt::format("idle{}", u.out_unit)), in),
                     {{"s_row_tready", wr + "_row_ready"}, {"wr_valid_o", wr + "_wr_valid"},
                      {"wr_ready_i", wr + "_wr_ready"}, {"wr_addr_o", wr + "_wr_addr"}, {"wr_rot_o", wr + "_wr_rot"},
                      {"wr_data_o", wr + "_wr_data"}});
    if (any_ring(u.out)) {  // a block FIFO's producer (fifos())
      const std::string ring = u.tag + "_out_ring_";
      wires(top, ring, {{"room", 1}, {"claim", 1}, {"done", 1}});
      p.insert(p.end(), {{"ring_room_i", ring + "room"}, {"ring_claim_o", ring + "claim"}, {"ring_done_o", ring + "done"}});
    }
    top.add(instance(top, name(u.tag + "_out"), "u_" + u.tag + "_out", fmt::format("The rows {} makes, into a bank.", u.tag), p));
    writers.push_back(wr);
    ready = wr + "_row_ready";
    reads.push_back(ready);
  }
  if (u.out_dram_unit >= 0) {
    const std::string k = u.tag + "_k";
    const RowOptions ro{s.lanes, s.elem_width(), s.data_bytes, s.addr_bits, kBeatsBits, s.address_bits};
    add_modules(dram_row_sink(name(k), ro, u.out_dram));
    wires(top, k, {{"_room", 1}, {"_claim", 1}, {"_done", 1}, {"_row_ready", 1}});
    top.raw(fmt::format("  assign {}_room = 1'b1;  // no ring\n", k), {k + "_room"}, {});
    unused_nets.insert(unused_nets.end(), {k + "_claim", k + "_done"});
    Pairs p = append(append(job_pairs(u.out_dram_unit, fmt::format("idle{}", u.out_dram_unit)), in), write_client(k + "_w"));
    p.insert(p.end(), {{"dram_base_i", "dram_base_i"}, {"ring_room_i", k + "_room"}, {"ring_claim_o", k + "_claim"},
                       {"ring_done_o", k + "_done"}, {"s_row_tready", k + "_row_ready"}});
    top.add(instance(top, name(k), "u_" + k, fmt::format("The rows {} makes, to DRAM.", u.tag), p));
    ready += (ready.empty() ? "" : " || ") + k + "_row_ready";
    reads.push_back(k + "_row_ready");
  }
  top.raw(fmt::format("  assign {}_ready = {};\n", res, ready), {res + "_ready"}, reads);
}

// The unit between the streams: the saturating add (IR), or a generated softmax or GELU
// block (Verilog text, its ports clk, rst_n, s_x_*, m_y_*; no tkeep out: the writer
// zeroes the lanes past the columns).
void Builder::sfu_unit(const SfuPlan& u) {
  const std::string x = u.tag + "_x0", res = u.tag + "_res";
  if (u.kind == workload::UnitKind::kAdd) {
    const workload::Format& f = w.format_of(w.tasks[u.first_task].out);
    add_modules(hw::prims::saturating_add(name(u.tag), s.lanes, s.elem_width(), f.is_signed));
    const std::string y = u.tag + "_x1";
    top.add(instance(top, name(u.tag), "u_" + u.tag, "x + y, saturated.",
                     {{"rst_ni", "rst_ni"}, {"s_x_tvalid", x + "_valid"}, {"s_x_tready", x + "_ready"},
                      {"s_x_tdata", x + "_data"}, {"s_x_tlast", x + "_last"}, {"s_x_tkeep", x + "_keep"},
                      {"s_y_tvalid", y + "_valid"}, {"s_y_tready", y + "_ready"}, {"s_y_tdata", y + "_data"},
                      {"m_sum_tvalid", res + "_valid"}, {"m_sum_tready", res + "_ready"}, {"m_sum_tdata", res + "_data"},
                      {"m_sum_tlast", res + "_last"}, {"m_sum_tkeep", res + "_keep"}}));
    unused_nets.insert(unused_nets.end(), {y + "_last", y + "_keep"});
    return;
  }
  NonlinearConfig c = workload::sfu_config(w, u.first_task);
  c.name = name(u.tag);
  const bool softmax = u.kind == workload::UnitKind::kSoftmax;
  bitloom::Design d = softmax ? build_softmax_design(c) : build_gelu_design(c);
  Instance i{d.top, "u_" + u.tag, softmax ? "Softmax over each row." : "GELU of each element.", {}};
  connect(i, "clk", top.net("clk_i"));
  connect(i, "rst_n", top.net("rst_ni"));
  for (const auto& [port, net] : Pairs{{"s_x_tvalid", x + "_valid"}, {"s_x_tready", x + "_ready"}, {"s_x_tdata", x + "_data"},
                                       {"s_x_tlast", x + "_last"}, {"m_y_tvalid", res + "_valid"},
                                       {"m_y_tready", res + "_ready"}, {"m_y_tdata", res + "_data"},
                                       {"m_y_tlast", res + "_last"}})
    connect(i, port, top.net(net));
  if (softmax && !faults.softmax_keeps_all) {
    connect(i, "s_x_tkeep", top.net(x + "_keep"));
  } else {
    if (softmax) connect(i, "s_x_tkeep", hw::literal(s.lanes, (1ULL << s.lanes) - 1));  // FAULT planted by a test
    unused_nets.push_back(x + "_keep");
  }
  top.add(i);
  top.raw(fmt::format("  assign {}_keep = {}'h{:x};  // every lane: the writer masks past the columns\n", res, s.lanes,
                      (1ULL << s.lanes) - 1),
          {res + "_keep"}, {});
  r.designs.push_back(std::move(d));
}

void Builder::sfus() {
  for (const SfuPlan& u : s.sfus) {
    for (int i = 0; i < u.inputs; ++i) sfu_input(u, i);
    sfu_output(u);
    sfu_unit(u);
  }
}

}  // namespace bitloom::workload_rtl::system
