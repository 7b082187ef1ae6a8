#include "synth/liberty.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <regex>

#include "generator/hash.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "synth/bool_function.hpp"

namespace fs = std::filesystem;

namespace bitloom {

std::string default_liberty_path() {
  return "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
}

namespace {

// Index of the brace that closes the one at `open`.
size_t matching_brace(const std::string& t, size_t open) {
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i] == '{') ++depth;
    if (t[i] == '}' && --depth == 0) return i;
  }
  return std::string::npos;
}

LibertyCell parse_cell(const std::string& body) {
  LibertyCell c;
  static const std::regex area(R"re(\barea\s*:\s*([0-9.eE+-]+))re");
  std::smatch m;
  if (std::regex_search(body, m, area)) c.area = std::stod(m[1]);
  static const std::regex seq(R"re(\b(ff|latch|ff_bank|statetable)\s*\()re");
  c.sequential = std::regex_search(body, seq);
  static const std::regex pin(R"re(\bpin\s*\(\s*"?(\w+)"?\s*\)\s*\{)re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), pin); it != std::sregex_iterator();
       ++it) {
    const size_t open = it->position(0) + it->length(0) - 1;
    const std::string pbody = body.substr(open, matching_brace(body, open) - open);
    static const std::regex dir(R"re(\bdirection\s*:\s*"?(\w+))re");
    static const std::regex fn(R"re(\bfunction\s*:\s*"([^"]*)\")re");
    std::smatch d, f;
    if (!std::regex_search(pbody, d, dir)) continue;
    if (d[1] == "input") {
      c.input_pins.push_back((*it)[1]);
      static const std::regex cap(R"re(\bcapacitance\s*:\s*([0-9.eE+-]+))re");
      std::smatch cm;
      if (std::regex_search(pbody, cm, cap)) c.input_capacitance = std::max(c.input_capacitance, std::stod(cm[1]));
    }
    if (d[1] == "output") {
      ++c.outputs;
      if (std::regex_search(pbody, f, fn)) c.function = f[1];
    }
  }
  return c;
}

}  // namespace

Liberty load_liberty(const std::string& path, const std::string& scratch_dir) {
  if (!fs::exists(path)) throw ToolError(fmt::format("liberty file {} does not exist", path));
  Liberty lib;
  lib.scratch_dir = fs::absolute(scratch_dir).string();
  lib.source_path = path;
  lib.path = fs::absolute(path).string();
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    const std::string digest = sha256_file(path).substr(0, 12);
    lib.path = fs::absolute(fmt::format("{}/liberty/{}-{}", scratch_dir, digest,
                                        fs::path(path).stem().string()))
                   .string();
    FileLock lock(lib.path + ".lock");
    if (!fs::exists(lib.path)) {
      const std::string tmp = lib.path + ".part";
      run_checked("gzip -dc " + path, {"sh", "-c", "gzip -dc \"$0\" > \"$1\"", path, tmp}, {});
      fs::rename(tmp, lib.path);
    }
  }
  const std::string text = read_text_file(lib.path);
  lib.sha256 = sha256_hex(text);
  static const std::regex library(R"re(\blibrary\s*\(\s*"?([\w.-]+)"?\s*\))re");
  std::smatch m;
  if (!std::regex_search(text, m, library))
    throw ToolError(fmt::format("{} is not a Liberty file (no library group)", path));
  lib.name = m[1];
  static const std::regex tu(R"re(\btime_unit\s*:\s*"([^"]+)\")re");
  if (std::regex_search(text, m, tu)) lib.time_unit = m[1];

  static const std::regex cell(R"re(\bcell\s*\(\s*"?([\w$.-]+)"?\s*\)\s*\{)re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), cell); it != std::sregex_iterator();
       ++it) {
    const size_t open = it->position(0) + it->length(0) - 1;
    const size_t close = matching_brace(text, open);
    if (close == std::string::npos) break;
    lib.cells[(*it)[1]] = parse_cell(text.substr(open, close - open));
  }
  if (lib.cells.empty()) throw ToolError(fmt::format("{} defines no cells", path));

  double best_buf = 1e300, best_nand = 1e300;
  for (const auto& [name, c] : lib.cells) {
    if (c.sequential || c.outputs != 1 || c.area <= 0) continue;
    const auto table = truth_table(c.function, c.input_pins);
    if (c.input_pins.size() == 1 && table == std::vector<bool>{false, true} && c.area < best_buf) {
      best_buf = c.area;
      lib.buffer_cell = name;
    }
    if (c.input_pins.size() == 2 && table == std::vector<bool>{true, true, true, false} &&
        c.area < best_nand) {
      best_nand = c.area;
      lib.nand2_cell = name;
      lib.nand2_area = c.area;
    }
  }
  return lib;
}

}  // namespace bitloom
