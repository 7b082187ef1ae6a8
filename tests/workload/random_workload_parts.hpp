// What the random workload generators share (tests/workload/fuzz_test.cpp and
// tests/workload_fuzz/): the tensors a spec grows from, and the rule that every task
// result nobody reads is declared an output (a result nobody reads is a spec error).
#pragma once
#include <fmt/format.h>

#include <string>
#include <vector>

namespace bitloom::test {

struct PoolTensor {
  std::string name, fmt;
  long long rows, cols;
};

// Tensor lines (`  t3: {shape: ..., io: output}`) for the task results in `pool` (named
// t<N>) that no task of `tasks` reads as its a or x.
inline std::string unread_results_as_outputs(const std::vector<PoolTensor>& pool, const std::string& tasks) {
  std::string lines;
  for (const PoolTensor& s : pool)
    if (s.name[0] == 't' && tasks.find(fmt::format(" a: {},", s.name)) == std::string::npos &&
        tasks.find(fmt::format(" x: {},", s.name)) == std::string::npos)
      lines += fmt::format("  {}: {{shape: [{}, {}], fmt: {}, io: output}}\n", s.name, s.rows, s.cols, s.fmt);
  return lines;
}

}  // namespace bitloom::test
