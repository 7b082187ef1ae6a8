#include "generator/cli/workload_cli.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace bitloom::cli {

std::vector<workload::Mode> workload_modes(const ParsedArgs& args, const workload::Workload& w, bool all_allowed) {
  using workload::Mode;
  const std::string m = args.get("--mode", "spec");
  if (m == "spec") return {w.mode};
  if (m == "all" && all_allowed) return {Mode::kSequential, Mode::kDataflow, Mode::kIntar};
  if (m == "sequential") return {Mode::kSequential};
  if (m == "dataflow") return {Mode::kDataflow};
  if (m == "intar") return {Mode::kIntar};
  throw std::invalid_argument(fmt::format("--mode '{}' is not one of: spec, {}sequential, dataflow, intar", m,
                                          all_allowed ? "all, " : ""));
}

namespace {

// Every file of the set is in `dir` with these contents.
bool holds(const std::string& dir, const FileSet& files) {
  for (const auto& [name, contents] : files) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    const std::string on_disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return false;
    if (on_disk != contents) return false;
  }
  return true;
}

}  // namespace

// A folder named by its mode rather than its contents (`sim --lint-only`) may hold an
// earlier top: it is written again unless it holds these very files.
std::vector<std::string> cached_rtl(const FileSet& files, const std::string& dir) {
  if (!holds(dir, files)) {
    std::filesystem::remove_all(dir);
    write_file_set(dir, files);
  }
  const nlohmann::json manifest = nlohmann::json::parse(files.at("manifest.json"));
  std::vector<std::string> rtl;
  for (const auto& f : manifest.at("files")) rtl.push_back(dir + "/" + f.get<std::string>());
  return rtl;
}

}  // namespace bitloom::cli
