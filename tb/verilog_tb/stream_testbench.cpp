#include "tb/verilog_tb/stream_testbench.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bitloom::tb {

BeatWord& BeatWord::add(uint64_t value, int width) {
  for (int b = 0; b < width; ++b) bits_.push_back(b < 64 && ((value >> b) & 1));
  return *this;
}

std::string BeatWord::hex() const {
  const int digits = std::max(1, (width() + 3) / 4);
  std::string s;
  for (int d = digits - 1; d >= 0; --d) {
    int v = 0;
    for (int b = 3; b >= 0; --b) {
      const size_t i = static_cast<size_t>(4 * d + b);
      v = v * 2 + (i < bits_.size() && bits_[i] ? 1 : 0);
    }
    s += "0123456789abcdef"[v];
  }
  return s;
}

namespace {

// The stream's sideband and data signals, most significant first: {user, keep, last, data}.
std::string word_concat(const TbStream& s) {
  std::string c;
  auto add = [&](const std::string& sig) { c += (c.empty() ? "" : ", ") + s.prefix + "_" + sig; };
  if (s.user_width) add("tuser");
  if (s.keep_width) add("tkeep");
  if (s.has_last) add("tlast");
  add("tdata");
  return "{" + c + "}";
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string declarations(const TbStream& s) {
  const std::string p = s.prefix, P = upper(p);
  const std::string drive = s.input ? "reg " : "wire";
  std::string v = fmt::format("  // {} ({}): {} beats of {} bits {{{}}}\n", p, s.input ? "driven" : "checked",
                              s.beats.size(), s.word_width(), word_concat(s).substr(1, word_concat(s).size() - 2));
  v += fmt::format("  localparam integer {}_BEATS = {};\n", P, s.beats.size());
  v += fmt::format("  reg  [{}:0] {}_mem [0:{}];\n", s.word_width() - 1, p, std::max<size_t>(1, s.beats.size()) - 1);
  v += fmt::format("  integer {}_count;\n", p);
  v += fmt::format("  {} {}_tvalid;\n", s.input ? "reg " : "wire", p);
  v += fmt::format("  {} {}_tready;\n", s.input ? "wire" : "reg ", p);
  v += fmt::format("  {} [{}:0] {}_tdata;\n", drive, s.data_width - 1, p);
  if (s.has_last) v += fmt::format("  {} {}_tlast;\n", drive, p);
  if (s.keep_width) v += fmt::format("  {} [{}:0] {}_tkeep;\n", drive, s.keep_width - 1, p);
  if (s.user_width) v += fmt::format("  {} [{}:0] {}_tuser;\n", drive, s.user_width - 1, p);
  if (!s.input) v += fmt::format("  reg  [{}:0] {}_seen;\n  reg  {}_held;\n", s.word_width() - 1, p, p);
  return v;
}

// The Verilog that replays an input stream's vector file: the next beat appears unless
// a bubble is drawn, and holds until taken.
constexpr const char* kDriveInput = R"(      // {p}: the next beat appears unless a bubble is drawn; it holds until taken.
      if ({p}_tvalid && {p}_tready) begin
        {p}_count = {p}_count + 1;
        progress = 1;
      end
      if (!{p}_tvalid || {p}_tready) begin
        if ({p}_count < {P}_BEATS && ($random(seed) & 255) >= bubble) begin
          {p}_tvalid <= 1'b1;
          {w} <= {p}_mem[{p}_count];
        end else begin
          {p}_tvalid <= 1'b0;
        end
      end
)";

// The Verilog that checks an output stream: the hold rule, then each beat against the
// expected one, with random back-pressure.
constexpr const char* kCheckOutput = R"(      // {p}: AXI4-Stream hold rule, then the beat against the expected one.
      if ({p}_held && !({p}_tvalid === 1'b1 && {w} === {p}_seen))
        fail_beat("{p} changed while valid and not ready", {p}_count, {p}_seen, {w});
      if ({p}_tvalid === 1'b1 && {p}_tready) begin
        if ({p}_count >= {P}_BEATS)
          fail_beat("{p} sent a beat beyond the expected ones", {p}_count, {w}, {w});
        else if ({w} !== {p}_mem[{p}_count])
          fail_beat("{p} beat differs from the golden model", {p}_count, {p}_mem[{p}_count], {w});
        {p}_count = {p}_count + 1;
        checked = checked + 1;
        progress = 1;
      end
      {p}_held = {p}_tvalid === 1'b1 && !{p}_tready;
      {p}_seen = {w};
      {p}_tready <= ($random(seed) & 255) >= stall;
)";

std::string stream_block(const char* text, const TbStream& s) {
  return fmt::format(fmt::runtime(text), fmt::arg("p", s.prefix), fmt::arg("P", upper(s.prefix)),
                     fmt::arg("w", word_concat(s)));
}

std::string drive_input(const TbStream& s) { return stream_block(kDriveInput, s); }

std::string check_output(const TbStream& s) { return stream_block(kCheckOutput, s); }

std::string testbench_text(const TbBench& b) {
  size_t widest = 8;
  for (const auto& s : b.streams) widest = std::max<size_t>(widest, static_cast<size_t>(s.word_width()));
  std::string v = fmt::format(
      "// {top}_tb: self-checking test bench for {top}, written by bitloom.\n"
      "// {title}\n"
      "// Inputs replay the vector files with random bubbles, outputs see random back-pressure\n"
      "// and are compared beat by beat with the golden model's results. Run from the output\n"
      "// folder (see run_icarus.sh); +seed=N, +bubble=N and +stall=N (0..255) change the\n"
      "// handshake randomness, -P{top}_tb.VECTORS=\"dir/\" the vector folder.\n"
      "`timescale 1ns / 1ps\n`default_nettype none\nmodule {top}_tb;\n"
      "  parameter VECTORS = \"tb/\";\n"
      "  localparam integer IDLE_LIMIT = {idle};\n"
      "  reg clk;\n  reg rst_n;\n"
      "  integer seed, seed0, bubble, stall, errors, checked, cycles, idle, drain, progress;\n\n",
      fmt::arg("top", b.top), fmt::arg("title", b.title), fmt::arg("idle", b.idle_limit));
  for (const auto& s : b.streams) v += declarations(s) + "\n";
  v += fmt::format("  {} u_dut (\n    .clk   (clk),\n    .rst_n (rst_n)", b.top);
  for (const auto& s : b.streams) {
    for (const char* sig : {"tvalid", "tready", "tdata"}) v += fmt::format(",\n    .{0}_{1} ({0}_{1})", s.prefix, sig);
    if (s.has_last) v += fmt::format(",\n    .{0}_tlast ({0}_tlast)", s.prefix);
    if (s.keep_width) v += fmt::format(",\n    .{0}_tkeep ({0}_tkeep)", s.prefix);
    if (s.user_width) v += fmt::format(",\n    .{0}_tuser ({0}_tuser)", s.prefix);
  }
  v += "\n  );\n\n  always #5 clk = ~clk;\n\n";
  v += fmt::format(
      "  task fail_beat(input [8*48-1:0] what, input integer beat, input [{w}:0] want, input [{w}:0] got);\n"
      "    begin\n"
      "      errors = errors + 1;\n"
      "      if (errors <= 10) $display(\"cycle %0d: %0s (beat %0d): expected %h, got %h\", cycles, what, beat, want, got);\n"
      "    end\n"
      "  endtask\n\n",
      fmt::arg("w", widest - 1));
  v += "  task finish;\n    begin\n      if (errors == 0)\n";
  v += fmt::format("        $display(\"bitloom-tb: PASS {}: %0d beats checked in %0d cycles (seed %0d)\", checked, cycles, seed0);\n", b.top);
  v += "      else\n";
  v += fmt::format("        $display(\"bitloom-tb: FAIL {}: %0d errors, %0d beats checked (seed %0d)\", errors, checked, seed0);\n", b.top);
  v += "      $finish;\n    end\n  endtask\n\n";
  v += "  initial begin\n";
  v += fmt::format("    if (!$value$plusargs(\"seed=%d\", seed)) seed = {};\n", b.seed & 0x7fffffff);
  v += fmt::format("    if (!$value$plusargs(\"bubble=%d\", bubble)) bubble = {};\n", b.bubble_per_256);
  v += fmt::format("    if (!$value$plusargs(\"stall=%d\", stall)) stall = {};\n", b.stall_per_256);
  v += "    seed0 = seed;\n    errors = 0;\n    checked = 0;\n    cycles = 0;\n    idle = 0;\n    drain = 0;\n    clk = 1'b0;\n    rst_n = 1'b0;\n";
  for (const auto& s : b.streams) {
    v += fmt::format("    $readmemh({{VECTORS, \"{}_{}.hex\"}}, {}_mem);\n    {}_count = 0;\n", b.top, s.prefix, s.prefix, s.prefix);
    if (s.input) {
      v += fmt::format("    {}_tvalid = 1'b0;\n    {} = 0;\n", s.prefix, word_concat(s));
    } else {
      v += fmt::format("    {0}_tready = 1'b0;\n    {0}_held = 1'b0;\n", s.prefix);
    }
  }
  v += "    repeat (4) @(posedge clk);\n    rst_n <= 1'b1;\n  end\n\n";
  v += "  always @(posedge clk) begin\n    if (rst_n) begin\n      cycles = cycles + 1;\n      progress = 0;\n";
  for (const auto& s : b.streams) v += s.input ? drive_input(s) : check_output(s);
  std::string all_done;
  for (const auto& s : b.streams)
    all_done += fmt::format("{}{}_count == {}_BEATS", all_done.empty() ? "" : " && ", s.prefix, upper(s.prefix));
  v += fmt::format(
      "      // Done when every beat is in and out; a few more cycles show nothing extra comes.\n"
      "      if ({}) begin\n"
      "        drain = drain + 1;\n"
      "        if (drain > 64) finish;\n"
      "      end\n"
      "      idle = progress ? 0 : idle + 1;\n"
      "      if (idle > IDLE_LIMIT) begin\n"
      "        errors = errors + 1;\n"
      "        $display(\"cycle %0d: no handshake for %0d cycles\", cycles, IDLE_LIMIT);\n"
      "        finish;\n"
      "      end\n"
      "    end\n  end\nendmodule\n`default_nettype wire\n",
      all_done);
  return v;
}

}  // namespace

std::map<std::string, std::string> write_stream_testbench(const TbBench& bench,
                                                          const std::vector<std::string>& rtl_files) {
  std::map<std::string, std::string> files;
  files["tb/" + bench.top + "_tb.v"] = testbench_text(bench);
  for (const auto& s : bench.streams) {
    std::string hex;
    for (const auto& beat : s.beats) hex += beat + "\n";
    if (s.beats.empty()) hex = std::string(static_cast<size_t>((s.word_width() + 3) / 4), '0') + "\n";
    files[fmt::format("tb/{}_{}.hex", bench.top, s.prefix)] = hex;
  }
  std::string rtl;
  for (const auto& f : rtl_files) rtl += " " + f;
  files["tb/run_icarus.sh"] = fmt::format(
      "#!/bin/sh\n# Runs {top}_tb in Icarus Verilog; call it from the folder that holds rtl/ and tb/.\n"
      "# Extra arguments go to the simulation, e.g. +seed=7 +bubble=200 +stall=0.\nset -e\n"
      "iverilog -g2005 -o tb/{top}_tb.vvp -s {top}_tb{rtl} tb/{top}_tb.v\n"
      "vvp -n tb/{top}_tb.vvp \"$@\"\n",
      fmt::arg("top", bench.top), fmt::arg("rtl", rtl));
  return files;
}

}  // namespace bitloom::tb
