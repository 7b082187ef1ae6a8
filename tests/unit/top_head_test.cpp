// The heads of the text-bodied tops come from the design's stream bundles
// (generator/interfaces.hpp): ranges print over the localparams, and a range whose value
// is not the bundle's width is refused.
#include <gtest/gtest.h>

#include <stdexcept>

#include "generator/interfaces.hpp"
#include "hw/printer.hpp"

using namespace bitloom;

namespace {

std::vector<hw::Stream> two_streams() {
  hw::Stream a = hw::stream_shape("a", 4, 8, true);
  a.user_width = 1;
  hw::Stream c = hw::stream_shape("c", 2, 20, true);
  c.sink = false;
  return {a, c};
}

TEST(TopHead, PortsFollowTheBundlesAndRangesPrintOverLocalparams) {
  const hw::Sym rows = hw::Sym::named("ROWS", 4), aw = hw::Sym::named("A_WIDTH", 8);
  hw::Module m = stream_top_head("top", two_streams(), {rows * aw, 40});
  m.constant("ROWS", 4);
  m.constant("A_WIDTH", 8);
  const std::string text = hw::print_module_head(m);
  std::vector<std::string> names;
  for (const hw::Port& p : m.ports()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"clk", "rst_n", "s_a_tvalid", "s_a_tready", "s_a_tlast", "s_a_tuser",
                                             "s_a_tdata", "m_c_tvalid", "m_c_tready", "m_c_tlast", "m_c_tdata"}));
  EXPECT_NE(text.find("input  wire [ROWS*A_WIDTH-1:0] s_a_tdata,"), std::string::npos) << text;
  EXPECT_NE(text.find("input  wire [0:0]              s_a_tuser,"), std::string::npos) << text;
  EXPECT_NE(text.find("output wire [39:0]             m_c_tdata"), std::string::npos) << text;
  EXPECT_EQ(m.find_port("m_c_tready")->dir, hw::Dir::kIn);
  EXPECT_EQ(m.find_port("s_a_tready")->dir, hw::Dir::kOut);
}

TEST(TopHead, ARangeThatIsNotTheBundlesWidthIsRefused) {
  const hw::Sym rows = hw::Sym::named("ROWS", 3), aw = hw::Sym::named("A_WIDTH", 8);
  try {
    stream_top_head("top", two_streams(), {rows * aw, 40});
    FAIL() << "a 24-bit range for a 32-bit bundle was accepted";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("s_a_tdata printed as ROWS*A_WIDTH = 24 bits, but the bundle has 32"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
