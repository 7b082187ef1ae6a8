// What bitloom needs from a Liberty cell library: cell areas, which cells are
// sequential, the NAND2 area (for gate equivalents) and a buffer (Yosys's ABC needs one).
#pragma once
#include <map>
#include <string>
#include <vector>

namespace bitloom {

struct LibertyCell {
  double area = 0;
  bool sequential = false;
  std::vector<std::string> input_pins;
  double input_capacitance = 0;  // largest of its input pins
  int outputs = 0;
  std::string function;  // of the (last) output pin, as written
};

struct Liberty {
  std::string source_path;   // as given (.lib or .lib.gz)
  std::string path;          // plain-text .lib that the tools read
  std::string name;          // library (NAME)
  std::string sha256;        // of the plain text
  std::map<std::string, LibertyCell> cells;
  std::string buffer_cell;   // smallest single-input cell with function = its input
  std::string nand2_cell;    // smallest 2-input NAND
  double nand2_area = 0;
  std::string time_unit = "1ns";
  std::string scratch_dir;   // where measurements of this library are cached
};

// Default library: Debian's qflow-tech-osu018.
std::string default_liberty_path();

// Reads `path` (gzip-compressed if it ends in .gz; unpacked once into `scratch_dir`).
// Throws ToolError for a missing, unreadable or unusable library.
Liberty load_liberty(const std::string& path, const std::string& scratch_dir);

}  // namespace bitloom
