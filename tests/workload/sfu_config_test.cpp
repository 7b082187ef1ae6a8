// One nonlinear unit serves every task of its kind with the same method and formats
// (workload::sfu_config): it is built for the longest of their rows, and the models, the
// golden model and the generated top all use that one configuration. The hardware runs
// in rtl.sim_workload_rows3.
#include <gtest/gtest.h>

#include "generator/workload/unit_timing.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

using namespace bitloom::workload;

TEST(SfuConfig, SoftmaxTasksOnRowsOfTwoLengthsShareTheLongerRowsUnit) {
  const Workload w = load_workload(rtl_spec("rows3.yaml"));
  const int k1 = w.task_index("k1"), k3 = w.task_index("k3");
  ASSERT_EQ(w.tensors[w.tasks[k1].inputs[0]].cols, 38);
  ASSERT_EQ(w.tensors[w.tasks[k3].inputs[0]].cols, 17);
  EXPECT_EQ(sfu_config(w, k1).max_len, 40) << "38 columns padded to 4 lanes";
  EXPECT_EQ(sfu_config(w, k3).max_len, 40) << "k3's 17 columns run on the unit built for 38";
  EXPECT_EQ(sfu_latency(w, k1), sfu_latency(w, k3));
}

TEST(SfuConfig, ADifferentMethodKeepsItsOwnRowLength) {
  Workload w = load_workload(rtl_spec("rows3.yaml"));
  const int k3 = w.task_index("k3");
  w.tasks[k3].method = Method::kLut;
  EXPECT_EQ(sfu_config(w, k3).max_len, 20) << "17 columns padded to 4 lanes, not merged with an online_base2 unit";
}

}  // namespace
}  // namespace bitloom::test
