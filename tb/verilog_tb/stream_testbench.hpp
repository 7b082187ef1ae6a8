// A self-checking Verilog-2005 test bench for any design whose interface is a set of
// AXI4-Stream ports (plus clk and rst_n). Input streams replay beats from $readmemh
// vector files with random bubbles; output streams are checked beat by beat against
// expected vector files under random back-pressure, with the AXI4-Stream hold rule
// checked too. It runs in any Verilog simulator (Icarus 11 is tested) and ends with one
// line, "bitloom-tb: PASS ..." or "bitloom-tb: FAIL ...".
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bitloom::tb {

// One beat's bits, least significant field first: data, then last, keep, user.
class BeatWord {
 public:
  // Appends `width` bits of `value` above the bits already there.
  BeatWord& add(uint64_t value, int width);
  int width() const { return static_cast<int>(bits_.size()); }
  std::string hex() const;  // ceil(width / 4) digits, most significant first

 private:
  std::vector<bool> bits_;
};

struct TbStream {
  std::string prefix;       // port prefix: "s_a" (driven by the bench) or "m_c" (checked)
  bool input = true;        // the bench drives it
  int data_width = 0;       // tdata bits
  bool has_last = true;
  int keep_width = 0;       // 0: no tkeep
  int user_width = 0;       // 0: no tuser
  std::vector<std::string> beats;  // BeatWord::hex of {user, keep, last, data}
  int word_width() const { return data_width + (has_last ? 1 : 0) + keep_width + user_width; }
};

struct TbBench {
  std::string top;
  std::string title;         // one line on what the vectors exercise
  std::vector<TbStream> streams;
  uint64_t seed = 1;         // default of +seed=N
  int bubble_per_256 = 64;   // chance an input slot stays empty (+bubble=N to change)
  int stall_per_256 = 64;    // chance an output's tready is low (+stall=N)
  long long idle_limit = 20000;  // cycles with no handshake before the bench gives up
};

// Relative path -> contents: tb/<top>_tb.v, one tb/<top>_<prefix>.hex per stream, and
// tb/run_icarus.sh (how to run it from the output folder).
std::map<std::string, std::string> write_stream_testbench(const TbBench& bench,
                                                          const std::vector<std::string>& rtl_files);

}  // namespace bitloom::tb
