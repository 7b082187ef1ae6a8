#include "generator/cli/workload_cli.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "generator/hash.hpp"

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

std::string files_key(const FileSet& files) {
  std::string bytes;
  for (const auto& [file, contents] : files) bytes += file + contents;
  return sha256_hex(bytes).substr(0, 12);
}

std::vector<std::string> cached_rtl(const FileSet& files, const std::string& dir) {
  if (!std::filesystem::exists(dir + "/manifest.json")) write_file_set(dir, files);
  const nlohmann::json manifest = nlohmann::json::parse(files.at("manifest.json"));
  std::vector<std::string> rtl;
  for (const auto& f : manifest.at("files")) rtl.push_back(dir + "/" + f.get<std::string>());
  return rtl;
}

}  // namespace bitloom::cli
