// The manifest's ports (from the IR's stream bundles) are the ports the generated top
// really has: Yosys reads the RTL of every regression spec and its JSON netlist must list
// the same names, directions and widths. Drivers and the system layer rely on this.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "generator/design.hpp"
#include "generator/emit.hpp"
#include "generator/process.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

namespace {

using PortMap = std::map<std::string, std::pair<std::string, int>>;  // name -> (direction, width)

PortMap yosys_ports(const std::string& dir, const std::string& top) {
  std::vector<std::string> argv = {"yosys", "-q", "-p", ""};
  std::string script;
  for (const auto& e : fs::directory_iterator(dir + "/rtl")) script += "read_verilog " + e.path().string() + "; ";
  script += "hierarchy -top " + top + "; proc; write_json " + dir + "/ports.json";
  argv[3] = script;
  EXPECT_EQ(run_process(argv, {dir + "/yosys.log", "", "", 0}), 0) << "see " << dir << "/yosys.log";
  PortMap ports;
  const auto j = nlohmann::json::parse(read_text_file(dir + "/ports.json"));
  for (const auto& [name, p] : j["modules"][top]["ports"].items())
    ports[name] = {p["direction"].get<std::string>(), static_cast<int>(p["bits"].size())};
  return ports;
}

}  // namespace

TEST(Interface, ManifestPortsAreTheTopsRealPorts) {
  const fs::path specs = fs::path(BITLOOM_TEST_DATA) / "specs";
  const std::string work = std::string(BITLOOM_TEST_WORK) + "/interface";
  int checked = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(specs))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& spec_path : files) {
    const Spec spec = load_spec(spec_path.string());
    const Design d = build_design(spec);
    const std::string dir = work + "/" + spec_path.stem().string();
    fs::remove_all(dir);
    write_file_set(dir, render_design(spec, d));
    const auto manifest = nlohmann::json::parse(read_text_file(dir + "/manifest.json"));
    PortMap declared;
    for (const auto& p : manifest["ports"])
      declared[p["name"].get<std::string>()] = {p["direction"].get<std::string>(), p["width"].get<int>()};
    EXPECT_EQ(declared, yosys_ports(dir, d.top)) << spec_path.filename();
    ++checked;
  }
  EXPECT_GT(checked, 60);
}
