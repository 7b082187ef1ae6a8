// The structural IR: what the printer writes, and every kind of fault the checker must
// report (each test plants exactly one).
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "hw/checker.hpp"
#include "hw/printer.hpp"
#include "hw/prims/prims.hpp"

using namespace bitloom::hw;
using bitloom::test::joined;

namespace {

// A leaf with an 8-bit input and a 4-bit output.
Module leaf() {
  Module m("leaf", "a leaf");
  m.input("a_i", 8);
  const Expr y = m.output("y_o", 4);
  m.assign(y, slice(m.net("a_i"), 2, 4));
  return m;
}

// A parent instantiating the leaf, whose port map `wire_up` fills in.
template <class F>
std::vector<std::string> problems_of(F wire_up) {
  Design d("parent");
  d.add(leaf());
  Module p("parent", "");
  wire_up(p);
  d.add(p);
  return check_design(d);
}

// u_leaf with both ports connected.
Instance leaf_instance(const Expr& a, const Expr& y) {
  Instance u{"leaf", "u_leaf", "", {}};
  connect(u, "a_i", a);
  connect(u, "y_o", y);
  return u;
}


}  // namespace

TEST(HwPrinter, ModuleHeaderPortsItemsAndInstances) {
  Module p("parent", "the parent\nsecond line");
  const Expr a = p.input("a_i", 8, "operand");
  const Expr y = p.output("y_o", 4);
  p.constant("DEPTH", 3, "how deep");
  const Expr w = p.wire("mid", 4, "the leaf's output");
  Instance u{"leaf", "u_leaf", "one leaf", {}};
  connect(u, "a_i", a);
  connect(u, "y_o", w);
  p.add(u);
  p.assign(y, op("~mid", 4, {w}));
  EXPECT_EQ(print_module(p),
            "// the parent\n"
            "// second line\n"
            "`resetall\n"
            "`default_nettype none\n"
            "module parent (\n"
            "  input  wire [7:0] a_i,  // operand\n"
            "  output wire [3:0] y_o\n"
            ");\n"
            "  // how deep\n"
            "  localparam integer DEPTH = 3;\n"
            "  wire [3:0] mid;  // the leaf's output\n"
            "\n"
            "  // one leaf\n"
            "  leaf u_leaf (\n"
            "    .a_i (a_i),\n"
            "    .y_o (mid)\n"
            "  );\n"
            "  assign y_o = ~mid;\n"
            "endmodule\n"
            "`resetall\n");
}

TEST(HwChecker, ACleanDesignHasNoProblems) {
  auto p = problems_of([](Module& m) {
    const Expr a = m.input("a_i", 8);
    const Expr y = m.output("y_o", 4);
    m.add(leaf_instance(a, y));
  });
  EXPECT_TRUE(p.empty()) << joined(p);
}

TEST(HwChecker, EveryPrimitiveIsClean) {
  using namespace prims;
  Stream s;
  s.name = "x";
  s.lanes = 3;
  s.last = s.keep = true;
  for (const Module& m : {delay_line("d0", 4, 0, true), delay_line("d2", 4, 2), skid_buffer("skid", s),
                          fifo("f1", s, {1, 1, true}), fifo("f5", s, {5, 0, false}), rom("rom", 4, {1, 2, 3}),
                          ram_single_port("sp", 4, 5), ram_simple_dual_port("sdp", 4, 5)}) {
    EXPECT_NO_THROW(require_clean(m)) << m.name();
  }
}

TEST(HwChecker, WidthMismatchOnAnAssign) {
  auto p = problems_of([](Module& m) {
    const Expr y = m.output("y_o", 4);
    const Expr a = m.input("a_i", 8);
    m.assign(y, a);
  });
  ASSERT_EQ(p.size(), 1u) << joined(p);
  EXPECT_NE(p[0].find("width mismatch: assign y_o (4 bits) = a_i (8 bits)"), std::string::npos) << p[0];
}

TEST(HwChecker, WidthMismatchOnAnInstancePort) {
  auto p = problems_of([](Module& m) {
    const Expr a = m.input("a_i", 7);
    const Expr y = m.output("y_o", 4);
    m.add(leaf_instance(a, y));
  });
  ASSERT_EQ(p.size(), 1u) << joined(p);
  EXPECT_NE(p[0].find("u_leaf.a_i is 8 bits, connected to a_i (7 bits)"), std::string::npos) << p[0];
}

TEST(HwChecker, UnconnectedAndOpenInputPorts) {
  auto p = problems_of([](Module& m) {
    m.output("y_o", 4);
    Instance u{"leaf", "u_leaf", "", {}};
    leave_open(u, "a_i");
    m.add(u);
    m.assign(m.net("y_o"), literal(4, 0));
  });
  EXPECT_NE(joined(p).find("u_leaf.a_i is an input left open"), std::string::npos) << joined(p);
  EXPECT_NE(joined(p).find("u_leaf.y_o is not connected"), std::string::npos) << joined(p);
}

TEST(HwChecker, UndrivenBitsThatAreReadOrLeave) {
  auto p = problems_of([](Module& m) {
    const Expr y = m.output("y_o", 4);
    const Expr w = m.wire("half", 4);
    m.assign(slice(w, 0, 2), literal(2, 1));
    m.assign(y, w);
  });
  ASSERT_EQ(p.size(), 1u) << joined(p);
  EXPECT_NE(p[0].find("'half' bits [3:2] are used but never driven"), std::string::npos) << p[0];
}

TEST(HwChecker, MultiplyDrivenBits) {
  auto p = problems_of([](Module& m) {
    const Expr a = m.input("a_i", 8);
    const Expr y = m.output("y_o", 4);
    m.add(leaf_instance(a, y));
    m.assign(bit(y, 3), literal(1, 0));
  });
  ASSERT_EQ(p.size(), 1u) << joined(p);
  EXPECT_NE(p[0].find("'y_o' bits [3:3] have more than one driver"), std::string::npos) << p[0];
}

TEST(HwChecker, InstancesOfMissingModulesAndPorts) {
  auto p = problems_of([](Module& m) {
    m.output("y_o", 1);
    m.assign(m.net("y_o"), literal(1, 0));
    Instance ghost{"ghost", "u_ghost", "", {}};
    m.add(ghost);
    Instance u{"leaf", "u_leaf", "", {}};
    connect(u, "a_i", literal(8, 3));
    leave_open(u, "y_o");
    connect(u, "z_i", literal(1, 0));
    m.add(u);
  });
  EXPECT_NE(joined(p).find("u_ghost instantiates ghost, which the design does not have"), std::string::npos);
  EXPECT_NE(joined(p).find("u_leaf connects 'z_i', which leaf does not have"), std::string::npos) << joined(p);
}

TEST(HwChecker, RequireCleanThrowsWithEveryProblem) {
  Design d("top");
  Module m("top", "");
  m.output("y_o", 2);
  d.add(m);
  try {
    require_clean(d);
    FAIL() << "an undriven output passed";
  } catch (const CheckError& e) {
    EXPECT_NE(std::string(e.what()).find("top: 'y_o' bits [1:0] are used but never driven"), std::string::npos)
        << e.what();
  }
}

TEST(HwIr, SlicesOutsideTheNetAndDuplicateNamesAreRefused) {
  Module m("m", "");
  const Expr a = m.input("a_i", 4);
  EXPECT_THROW(slice(a, 2, 3), std::logic_error);
  EXPECT_THROW(m.wire("a_i", 1), std::logic_error);
  EXPECT_EQ(slice(slice(m.wire("w", 8), 4, 4), 1, 2).text, "w[6:5]");
  EXPECT_EQ(slice(a, 0, 4).text, "a_i");
  EXPECT_EQ(bit(a, 3).text, "a_i[3]");
}

TEST(HwDesign, SharedLeavesOnceAndNameClashesRefused) {
  Design d("leaf");
  d.add(leaf());
  d.add(leaf());
  EXPECT_EQ(d.modules().size(), 1u);
  Module other("leaf", "another leaf");
  other.input("b_i");
  EXPECT_THROW(d.add(other), std::logic_error);
}

TEST(HwStream, BundlesExpandToAxiStreamPorts) {
  Module m("m", "");
  Stream s;
  s.name = "y";
  s.sink = false;
  s.lanes = 4;
  s.lane_width = 6;
  s.last = true;
  s.user_width = 2;
  add_stream(m, s);
  std::vector<std::string> names;
  for (const Port& p : m.ports()) names.push_back(p.name + (p.dir == Dir::kIn ? " in " : " out ") + std::to_string(p.width));
  EXPECT_EQ(names, (std::vector<std::string>{"m_y_tvalid out 1", "m_y_tready in 1", "m_y_tdata out 24",
                                             "m_y_tlast out 1", "m_y_tuser out 2"}));
}
