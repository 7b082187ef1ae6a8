// The mutation tests' hook: a bug planted in the statement that drives a named net, and
// nowhere else; refused clearly when the net, its driver or the pattern is not there.
#include <gtest/gtest.h>

#include "generator/net_mutation.hpp"

using namespace bitloom;

namespace {

FileSet sample() {
  return {{"rtl/m.v",
           "module m;\n"
           "  wire ready_q;  // declared, not driven here\n"
           "  wire go = valid && ready;\n"
           "  assign out[0] = go && (count <= 2'd1);\n"
           "  always @(posedge clk) if (go) count <= count + 2'd1;\n"
           "  wire other = valid && ready;\n"
           "endmodule\n"}};
}

}  // namespace

TEST(NetMutation, EditsOnlyTheDrivingStatement) {
  FileSet f = sample();
  apply_net_mutation(f, parse_net_mutation("m:go:ready=>1'b1"));
  EXPECT_NE(f["rtl/m.v"].find("wire go = valid && 1'b1;"), std::string::npos) << f["rtl/m.v"];
  EXPECT_NE(f["rtl/m.v"].find("wire other = valid && ready;"), std::string::npos);
}

TEST(NetMutation, FindsIndexedAndRegisteredNetsAndUsesGroups) {
  FileSet f = sample();
  apply_net_mutation(f, parse_net_mutation("m:out[0]:<= 2'd1=><= 2'd2"));
  apply_net_mutation(f, parse_net_mutation("m:count:count \\+ (2'd1)=>count - $1"));
  EXPECT_NE(f["rtl/m.v"].find("assign out[0] = go && (count <= 2'd2);"), std::string::npos) << f["rtl/m.v"];
  EXPECT_NE(f["rtl/m.v"].find("if (go) count <= count - 2'd1;"), std::string::npos) << f["rtl/m.v"];
}

TEST(NetMutation, RefusesWhatIsNotThere) {
  FileSet f = sample();
  EXPECT_THROW(apply_net_mutation(f, parse_net_mutation("x:go:a=>b")), std::invalid_argument);
  EXPECT_THROW(apply_net_mutation(f, parse_net_mutation("m:ready_q:a=>b")), std::invalid_argument);
  EXPECT_THROW(apply_net_mutation(f, parse_net_mutation("m:go:nothing=>b")), std::invalid_argument);
  EXPECT_THROW(parse_net_mutation("m:go"), std::invalid_argument);
  EXPECT_EQ(f, sample());
}

// A ROM's words are case items: the first item's statement is the one edited.
TEST(NetMutation, FindsACaseItemsStatement) {
  FileSet f{{"rtl/rom.v",
             "module rom;\n  always @(posedge clk_i) begin\n    case (addr_i)\n"
             "      2'd0: data_o <= 8'd17;\n      2'd1: data_o <= 8'd40;\n    endcase\n  end\nendmodule\n"}};
  apply_net_mutation(f, parse_net_mutation("rom:data_o:<= ([0-9]+.d[0-9]+)=><= -$1"));
  EXPECT_NE(f["rtl/rom.v"].find("2'd0: data_o <= -8'd17;"), std::string::npos) << f["rtl/rom.v"];
  EXPECT_NE(f["rtl/rom.v"].find("2'd1: data_o <= 8'd40;"), std::string::npos) << f["rtl/rom.v"];
}
