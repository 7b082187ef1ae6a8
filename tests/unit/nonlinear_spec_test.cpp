// Specs and outputs of the GELU and softmax units: key validation with file:line:col,
// deterministic generation, and the accuracy command's report.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "generator/design.hpp"
#include "generator/emit.hpp"
#include "generator/process.hpp"
#include "generator/spec_error.hpp"
#include "tests/unit/test_util.hpp"

using namespace bitloom;
using bitloom::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

const char* kGelu =
    "kind: gelu\n"
    "method: relu_minus_delta\n"
    "lanes: 2\n"
    "x: {width: 16, frac: 12}\n"
    "y: {width: 16, frac: 12}\n";

const char* kSoftmax =
    "kind: softmax\n"
    "method: online_base2\n"
    "lanes: 4\n"
    "max_len: 64\n"
    "x: {width: 8, frac: 4}\n"
    "y: {width: 8, frac: 8}\n";

std::string error_of(const std::string& text) {
  ScratchDir dir("nlspec");
  const std::string file = dir.write("s.yaml", text);
  try {
    const Spec s = load_spec(file);
    build_design(s);
  } catch (const SpecError& e) {
    std::string msg = e.what();
    return msg.substr(msg.find("s.yaml"));
  }
  return "";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

int run_cli(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv = {BITLOOM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, {log, "", "", 0});
}

}  // namespace

TEST(NonlinearSpec, ValidSpecsLoad) {
  EXPECT_EQ(error_of(kGelu), "");
  EXPECT_EQ(error_of(kSoftmax), "");
  EXPECT_EQ(error_of(replace(kGelu, "relu_minus_delta", "ibert")), "");
  EXPECT_EQ(error_of(replace(kSoftmax, "online_base2", "lut")), "");
}

TEST(NonlinearSpec, BadKeysNameTheirPlace) {
  EXPECT_EQ(error_of(replace(kGelu, "relu_minus_delta", "tanh")),
            "s.yaml:2:9: method: 'tanh' is not one of: ibert, poly_quadratic, relu_minus_delta");
  EXPECT_EQ(error_of(std::string(kGelu) + "max_len: 8\n"), "s.yaml:6:10: max_len: applies to kind softmax, not gelu");
  EXPECT_EQ(error_of(replace(kGelu, "relu_minus_delta", "ibert") + "max_error_lsb: 0.2\n"),
            "s.yaml:6:16: max_error_lsb: applies to the table methods of gelu, not gelu ibert");
  EXPECT_EQ(error_of(replace(kGelu, "x: {width: 16, frac: 12}", "x: {width: 16, frac: 16}")),
            "s.yaml:4:22: x.frac: 16 is out of range [0, 15]");
  EXPECT_EQ(error_of(replace(kSoftmax, "max_len: 64\n", "")), "s.yaml:1:1: max_len: required key is missing");
  EXPECT_EQ(error_of(replace(kSoftmax, "online_base2", "lut") + "newton: false\n"),
            "s.yaml:7:9: newton: applies to method online_base2, not lut");
  EXPECT_EQ(error_of(std::string(kSoftmax) + "tkeep: true\n"), "s.yaml:7:1: tkeep: unknown key");
  EXPECT_EQ(error_of(replace(kSoftmax, "y: {width: 8, frac: 8}", "y: {width: 25, frac: 8}")),
            "s.yaml:6:12: y.width: 25 is out of range [2, 24]");
}

TEST(NonlinearSpec, SameSpecSameBytes) {
  ScratchDir dir("nlemit");
  for (const char* text : {kGelu, kSoftmax}) {
    const std::string file = dir.write("u.yaml", text);
    const Spec a = load_spec(file), b = load_spec(file);
    const FileSet fa = render_design(a, build_design(a)), fb = render_design(b, build_design(b));
    EXPECT_EQ(fa, fb);
    const auto manifest = nlohmann::json::parse(fa.at("manifest.json"));
    EXPECT_EQ(manifest["spec_sha256"], a.sha256);
    EXPECT_NE(fa.at("params.hpp").find("model_json"), std::string::npos);
  }
}

TEST(NonlinearSpec, AccuracyCommandWritesItsReport) {
  ScratchDir dir("nlacc");
  const std::string spec = dir.write("g.yaml", kGelu);
  ASSERT_EQ(run_cli({"accuracy", spec, "--output", dir.path("acc")}, dir.path("log")), 0)
      << read_text_file(dir.path("log"));
  const auto j = nlohmann::json::parse(read_text_file(dir.path("acc/accuracy.json")));
  EXPECT_EQ(j["schema"], "bitloom.accuracy/1");
  EXPECT_EQ(j["error"]["samples"], 65536);
  EXPECT_LE(j["error"]["max_lsb"].get<double>(), 1.0);
  EXPECT_EQ(j["tables"][0]["rows"], 64);
  EXPECT_TRUE(fs::exists(dir.path("acc/accuracy.md")));
  const std::string sm = dir.write("s.yaml", kSoftmax);
  ASSERT_EQ(run_cli({"accuracy", sm, "--vectors", "500", "--output", dir.path("acc2")}, dir.path("log")), 0);
  const auto k = nlohmann::json::parse(read_text_file(dir.path("acc2/accuracy.json")));
  EXPECT_EQ(k["softmax"]["vectors"], 500);
  EXPECT_EQ(k["rtl"], true);
  // A GEMM spec has nothing to measure: a usage error.
  const std::string gemm = dir.write("m.yaml", test::kValidSpec);
  EXPECT_EQ(run_cli({"accuracy", gemm}, dir.path("log")), 2);
}
