// Liberty parsing: areas, sequential cells, NAND2 and buffer detection, .lib.gz.
#include <gtest/gtest.h>

#include <filesystem>

#include "synth/bool_function.hpp"
#include "synth/liberty.hpp"
#include "tests/unit/test_util.hpp"

using namespace bitloom;

TEST(BoolFunction, LibertyNotations) {
  const std::vector<bool> nand = {true, true, true, false};
  EXPECT_EQ(truth_table("(!(A B))", {"A", "B"}), nand);
  EXPECT_EQ(truth_table("!(A1 & A2)", {"A1", "A2"}), nand);
  EXPECT_EQ(truth_table("(!A) | (!B)", {"A", "B"}), nand);
  EXPECT_EQ(truth_table("(A*B)'", {"A", "B"}), nand);
  EXPECT_EQ(truth_table("(A)", {"A"}), (std::vector<bool>{false, true}));
  EXPECT_EQ(truth_table("A ^ B", {"A", "B"}), (std::vector<bool>{false, true, true, false}));
  EXPECT_EQ(truth_table("(A+B) C", {"A", "B", "C"}),
            (std::vector<bool>{false, false, false, false, false, true, true, true}));
  EXPECT_TRUE(truth_table("A & Q", {"A"}).empty());   // unknown pin
  EXPECT_TRUE(truth_table("(A & B", {"A", "B"}).empty());
}

TEST(Liberty, Osu018) {
  test::ScratchDir dir("lib");
  const Liberty lib = load_liberty(default_liberty_path(), dir.path());
  EXPECT_EQ(lib.name, "osu018_stdcells");
  EXPECT_EQ(lib.nand2_cell, "NAND2X1");
  EXPECT_DOUBLE_EQ(lib.nand2_area, 24);
  EXPECT_EQ(lib.buffer_cell, "BUFX2");
  EXPECT_TRUE(lib.cells.at("DFFPOSX1").sequential);
  EXPECT_FALSE(lib.cells.at("XOR2X1").sequential);
  EXPECT_GT(lib.cells.at("DFFPOSX1").area, lib.cells.at("INVX1").area);
}

TEST(Liberty, GzippedLibrariesReadDirectly) {
  const std::string pdk = BITLOOM_SHARED_PDK;
  if (!std::filesystem::exists(pdk + "/nangate45_typ.lib.gz")) GTEST_SKIP() << "no " << pdk;
  test::ScratchDir dir("lib");
  const Liberty ng = load_liberty(pdk + "/nangate45_typ.lib.gz", dir.path());
  EXPECT_EQ(ng.nand2_cell, "NAND2_X1");
  EXPECT_NEAR(ng.nand2_area, 0.798, 1e-9);
  EXPECT_EQ(ng.buffer_cell, "BUF_X1");
  const Liberty sky = load_liberty(pdk + "/sky130hd_tt.lib.gz", dir.path());
  EXPECT_EQ(sky.nand2_cell, "sky130_fd_sc_hd__nand2_1");
  EXPECT_FALSE(sky.buffer_cell.empty());
}

TEST(Liberty, MissingOrBogusFileIsAClearError) {
  test::ScratchDir dir("lib");
  EXPECT_THROW(load_liberty(dir.path("nope.lib"), dir.path()), std::runtime_error);
  EXPECT_THROW(load_liberty(dir.write("bad.lib", "hello"), dir.path()), std::runtime_error);
}
