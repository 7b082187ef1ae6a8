// The nonlinear units' data delay chains (generator/nonlinear/delay_line_set.hpp): one
// primitive module per shape, instances checked against it, the last stage declared.
#include <gtest/gtest.h>

#include <stdexcept>

#include "generator/nonlinear/delay_line_set.hpp"

using namespace bitloom;

namespace {

TEST(DelayLineSet, ChainsOfOneShapeShareOneModule) {
  DelayLineSet delays("unit");
  const std::string a = delays.delay("keep", 4, "f1_keep", 3, "advance");
  const std::string b = delays.delay("meta", 4, "f1_meta", 3, "advance");
  const std::string c = delays.signed_delay("e", 6, "r1_e", 3, "1'b1");
  const std::vector<VerilogModule> modules = delays.modules();
  ASSERT_EQ(modules.size(), 2u);
  EXPECT_EQ(modules[0].name, "unit_delay_4x3_en");
  EXPECT_EQ(modules[1].name, "unit_delay_6x3");  // every cycle: no enable port
  EXPECT_NE(a.find("wire [3:0] keep_s3;"), std::string::npos) << a;
  EXPECT_NE(a.find("unit_delay_4x3_en u_keep_delay ("), std::string::npos) << a;
  EXPECT_NE(a.find(".en_i  (advance)"), std::string::npos) << a;
  EXPECT_NE(b.find(".d_i   (f1_meta)"), std::string::npos) << b;
  EXPECT_NE(c.find("wire signed [5:0] e_s3;"), std::string::npos) << c;
  EXPECT_EQ(c.find("en_i"), std::string::npos) << c;
}

TEST(DelayLineSet, OneBitChainsKeepARangeAndDepthZeroIsRefused) {
  DelayLineSet delays("unit");
  EXPECT_NE(delays.delay("keep", 1, "f1_keep", 2, "1'b1").find("wire [0:0] keep_s2;"), std::string::npos);
  EXPECT_THROW(delays.delay("last", 1, "f1_last", 0, "1'b1"), std::logic_error);
}

}  // namespace
