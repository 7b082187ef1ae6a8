// The harness `bitloom sim` builds at run time for a generated workload top (Verilator
// model BITLOOM_DUT, tb/dut_model.hpp): it runs the runs that DIR/sim.json lists, each from
// its DRAM image DIR/<run>_in.bin, and checks DRAM against DIR/<run>_want.bin and the byte
// counters against the schedule (tb/workload/system_bench.hpp). Writes DIR/result.json;
// exit code 0 when every run passed. Usage: harness --setup=DIR
#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tb/dut_model.hpp"
#include "tb/workload/system_bench.hpp"

namespace {

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// "Y[3][byte 5]" from the tensor table of sim.json.
std::string where(const nlohmann::json& tensors, uint64_t addr) {
  for (const auto& t : tensors) {
    const uint64_t from = t["from"], bytes = t["bytes"], pitch = t["pitch"];
    if (addr >= from && addr < from + bytes)
      return fmt::format("{}[{}][byte {}]", t["name"].get<std::string>(), (addr - from) / pitch, (addr - from) % pitch);
  }
  return "outside every tensor";
}

nlohmann::json run(const std::string& dir, const nlohmann::json& setup, const nlohmann::json& r) {
  bitloom::tb::DramPortConfig c;
  c.data_bytes = setup["data_bytes"];
  c.max_burst = setup["max_burst"];
  c.read_latency = setup["read_latency"];
  c.write_latency = setup["write_latency"];
  c.shared_bus = true;
  c.random = r["random"];
  c.seed = r["seed"];
  std::vector<uint8_t> image = read_bytes(dir + "/" + r["name"].get<std::string>() + "_in.bin");
  const std::vector<uint8_t> want = read_bytes(dir + "/" + r["name"].get<std::string>() + "_want.bin");
  c.bytes = image.size();
  bitloom::tb::SystemBench<Vdut> bench(c, setup["base"], std::move(image));
  bench.name_fifos(setup["fifos"].get<std::vector<std::string>>());
  bench.run();
  const auto errors = bench.check(want, setup["read_bytes"], setup["write_bytes"],
                                  [&](uint64_t a) { return where(setup["tensors"], a); });
  return {{"name", r["name"]}, {"seed", r["seed"]}, {"random", r["random"]}, {"cycles", bench.cycles()},
          {"phases", bench.phase_cycles()}, {"read_bytes", bench.read_counter()},
          {"write_bytes", bench.written_counter()}, {"errors", errors}, {"passed", errors.empty()}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]).rfind("--setup=", 0) == 0) dir = std::string(argv[i]).substr(8);
  if (dir.empty()) {
    fmt::print(stderr, "usage: harness --setup=DIR\n");
    return 2;
  }
  const nlohmann::json setup = nlohmann::json::parse(std::ifstream(dir + "/sim.json"));
  nlohmann::json runs = nlohmann::json::array();
  bool passed = true;
  for (const auto& r : setup["runs"]) {
    runs.push_back(run(dir, setup, r));
    passed = passed && runs.back()["passed"].get<bool>();
    fmt::print("{}: {} cycles, {}\n", r["name"].get<std::string>(), runs.back()["cycles"].get<long long>(),
               runs.back()["passed"].get<bool>() ? "passed" : "FAILED");
  }
  std::ofstream(dir + "/result.json") << nlohmann::json{{"runs", runs}, {"passed", passed}}.dump(2) << "\n";
  return passed ? 0 : 1;
}
