// Bad workload specs: each is refused with file:line:col, the key and the reason.
#include <gtest/gtest.h>

#include <regex>

#include "generator/spec_error.hpp"
#include "generator/workload/scheduler.hpp"
#include "tests/workload/workload_test_support.hpp"

namespace bitloom::test {
namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

// The error `text` raises, with its file:line:col checked; fails the test if none.
std::string error_of(const std::string& text) {
  try {
    const workload::Workload w = workload_from_text(text, "bad.yaml");
    workload::schedule(w, w.mode);
  } catch (const SpecError& e) {
    EXPECT_TRUE(std::regex_search(std::string(e.what()), std::regex(R"(bad\.yaml:\d+:\d+: )"))) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return "";
}

void expect_error(const std::string& text, const std::string& where, const std::string& what) {
  const std::string e = error_of(text);
  EXPECT_NE(e.find(where), std::string::npos) << e;
  EXPECT_NE(e.find(what), std::string::npos) << e;
}

TEST(WorkloadSpec, SmallWorkloadIsValid) {
  const workload::Workload w = workload_from_text(kSmallWorkload);
  EXPECT_EQ(w.tasks.size(), 2u);
  const int h = w.tensor_index("H");
  ASSERT_GE(h, 0);
  EXPECT_EQ(w.tensors[h].rows, 10);
  EXPECT_EQ(w.tensors[h].cols, 6);
  EXPECT_EQ(w.tensors[h].io, workload::Io::kIntermediate);
}

TEST(WorkloadSpec, CycleIsRefused) {
  std::string t = replaced(kSmallWorkload, "a: X, b: W, out: H", "a: Y2, b: W, out: H");
  t = replaced(t, "  - {name: sm,", "  - {name: back, op: gemm, a: H, b: W2, out: Y2, fmt: act}\n  - {name: sm,");
  t = replaced(t, "  Y: {", "  W2: {shape: [6, 12], fmt: wt, io: input}\n  Y: {");
  expect_error(t, "tasks[", "form a cycle");
}

TEST(WorkloadSpec, TwoProducersAreRefused) {
  const std::string t = replaced(kSmallWorkload, "  - {name: sm,", "  - {name: mm2, op: gemm, a: X, b: W, out: H, fmt: act}\n  - {name: sm,");
  expect_error(t, "tasks[1].out", "already has a producer, task 'mm'");
}

TEST(WorkloadSpec, ShapeMismatchIsRefused) {
  expect_error(replaced(kSmallWorkload, "W: {shape: [12, 6]", "W: {shape: [11, 6]"), "tasks[0].b", "K does not agree (12 vs 11)");
  expect_error(replaced(kSmallWorkload, "Y: {shape: [10, 6]", "Y: {shape: [10, 7]"), "tasks[1].out", "declared [10, 7]");
}

TEST(WorkloadSpec, FormatMismatchIsRefused) {
  expect_error(replaced(kSmallWorkload, "out: Y, fmt: prob", "out: Y, fmt: act"), "tasks[1].fmt", "unsigned probabilities");
  expect_error(replaced(kSmallWorkload, "Y: {shape: [10, 6], fmt: prob", "Y: {shape: [10, 6], fmt: wt"), "tasks[1].",
               "out");
}

TEST(WorkloadSpec, MissingUnitIsRefused) {
  expect_error(replaced(kSmallWorkload, "sfus: {softmax: 1}", "sfus: {gelu: 1}"), "tasks[1].op", "no softmax unit");
}

TEST(WorkloadSpec, UnknownNamesAndKeysAreRefused) {
  expect_error(replaced(kSmallWorkload, "a: X, b: W", "a: Xq, b: W"), "tasks[0].a", "no tensor or task output named 'Xq'");
  expect_error(replaced(kSmallWorkload, "shift: 6", "shfit: 6"), "tasks[0].shfit", "did you mean 'shift'");
  expect_error(replaced(kSmallWorkload, "buffer_bytes: 4096", "buffer_bytes: 4096\n  buffers: 2"), "resources.buffers",
               "unknown key");
  expect_error(replaced(kSmallWorkload, "fmt: act, io: input}", "fmt: act, io: input}\n  Z: {shape: [2, 2], fmt: act, io: input}"),
               "tensors.Z", "never read");
}

TEST(WorkloadSpec, AResultNobodyReadsIsRefused) {
  // A second GEMM whose result H2 no task reads and no tensor declares as an output.
  const std::string t = replaced(kSmallWorkload, "  - {name: sm,", "  - {name: mm2, op: gemm, a: X, b: W, out: H2, fmt: act}\n  - {name: sm,");
  expect_error(t, "tasks[1].out", "'H2' is read by no task and is not an output");
  // Declared as an output, it is legal.
  const std::string kept = replaced(t, "  Y: {", "  H2: {shape: [10, 6], fmt: act, io: output}\n  Y: {");
  EXPECT_NO_THROW(workload_from_text(kept));
}

TEST(WorkloadSpec, LimitsAreRefused) {
  std::string t = replaced(kSmallWorkload, "X: {shape: [10, 12]", "X: {shape: [10, 20000]");
  t = replaced(t, "W: {shape: [12, 6]", "W: {shape: [20000, 6]");
  expect_error(t, "tasks[0].a", "K = 20000 exceeds the limit of 16383");
  expect_error(replaced(kSmallWorkload, "act: {width: 8", "act: {width: 17"), "formats.act.width", "");
}

// A legal workload whose schedule search would take far too long is refused up front,
// with the limit in the message.
TEST(WorkloadSpec, OversizedSearchIsRefusedWithItsLimit) {
  std::string t = "kind: workload\nname: huge\nlanes: 4\nformats:\n  act: {width: 8, frac: 4}\ntensors:\n"
                  "  X: {shape: [1048576, 4], fmt: act, io: input}\n  Z: {shape: [1048576, 4], fmt: act, io: input}\n"
                  "  T19: {shape: [1048576, 4], fmt: act, io: output}\ntasks:\n";
  for (int i = 0; i < 20; ++i)
    t += "  - {name: t" + std::to_string(i) + ", op: add, x: " + (i ? "T" + std::to_string(i - 1) : std::string("X")) +
         ", y: Z, out: T" + std::to_string(i) + "}\n";
  t += "resources:\n  cores: {count: 1, arch: systolic_os}\n  sfus: {add: 1}\n  buffer_bytes: 4096\n"
       "  dram: {bytes_per_cycle: 4}\n";
  expect_error(t, "tasks", "more than the limit of 5e+07 (about 15 s; docs/limits.md)");
}

TEST(WorkloadSpec, BadSchedulesAreRefused) {
  const std::string base = std::string(kSmallWorkload);
  expect_error(base + "schedule: [[mm@cc0, sm@sm0], [mm@cc1]]\n", "schedule", "scheduled twice");
  expect_error(base + "schedule: [[sm@sm0], [mm@cc0]]\n", "schedule", "which task 'mm' makes later");
  expect_error(base + "schedule: [[mm@cc2, sm@sm0]]\n", "schedule[0][0]", "runs on cc0..cc1, not cc2");
  expect_error(base + "schedule: [[mm@sm0, sm@sm0]]\n", "schedule[0][0]", "not sm0");
  expect_error(base + "schedule: [[mm@cc0+cc1], [sm@sm1]]\n", "schedule[1][0]", "not sm1");
  expect_error(base + "schedule: [[mm@cc0]]\n", "schedule", "task 'sm' is not scheduled");
  expect_error(base + "schedule: [[nope@cc0]]\n", "schedule[0][0]", "no task named 'nope'");
}

TEST(WorkloadSpec, ScheduleThatDoesNotFitIsRefusedAtTheSchedule) {
  // 10 x 12 x 2 B of X and 12 x 6 of W cannot stay on chip in 1 KiB with the softmax FIFO.
  std::string t = replaced(kSmallWorkload, "buffer_bytes: 4096", "buffer_bytes: 1024");
  t = replaced(t, "W: {shape: [12, 6]", "W: {shape: [12, 2000]");
  t = replaced(t, "Y: {shape: [10, 6]", "Y: {shape: [10, 2000]");
  t += "schedule: [[mm@cc0+cc1, sm@sm0]]\n";
  expect_error(t, "schedule", "bytes of buffer");
}

}  // namespace
}  // namespace bitloom::test
