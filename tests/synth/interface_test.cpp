// The manifest's ports (from the IR's stream bundles) are the ports the generated top
// really has: Yosys reads the RTL of every regression spec and its JSON netlist must list
// the same names, directions and widths. Drivers and the system layer rely on this. The
// same holds for the header reader on every other module of those designs.
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

// Every module's ports as Yosys reads them.
std::map<std::string, PortMap> yosys_ports(const std::string& dir) {
  std::vector<std::string> argv = {"yosys", "-q", "-p", ""};
  std::string script;
  for (const auto& e : fs::directory_iterator(dir + "/rtl")) script += "read_verilog " + e.path().string() + "; ";
  script += "hierarchy; proc; write_json " + dir + "/ports.json";  // every module, used or not
  argv[3] = script;
  EXPECT_EQ(run_process(argv, {dir + "/yosys.log", "", "", 0}), 0) << "see " << dir << "/yosys.log";
  std::map<std::string, PortMap> ports;
  const auto j = nlohmann::json::parse(read_text_file(dir + "/ports.json"));
  for (const auto& [module, m] : j["modules"].items())
    for (const auto& [name, p] : m["ports"].items())
      ports[module][name] = {p["direction"].get<std::string>(), static_cast<int>(p["bits"].size())};
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
    const auto read = yosys_ports(dir);
    EXPECT_EQ(declared, read.at(d.top)) << spec_path.filename();
    // The header reader (hw/header_reader.hpp), which the IR checker holds instances to,
    // reads every module as Yosys does.
    for (const VerilogModule& m : d.modules) {
      if (m.name == d.top) continue;  // its widths name localparams of its body
      PortMap from_header;
      const hw::Module header = module_interface(d, m.name);
      for (const hw::Port& p : header.ports())
        from_header[p.name] = {p.dir == hw::Dir::kIn ? "input" : "output", p.width};
      EXPECT_EQ(from_header, read.at(m.name)) << spec_path.filename() << " " << m.name;
    }
    ++checked;
  }
  EXPECT_GT(checked, 60);
}
