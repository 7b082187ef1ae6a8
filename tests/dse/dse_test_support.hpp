// Shared by the sweep tests: a scratch folder (tests/unit's) with a small base spec in it.
#pragma once
#include <string>

#include "tests/unit/test_util.hpp"

namespace bitloom::test {

class SweepDir : public ScratchDir {
 public:
  explicit SweepDir(const std::string& tag) : ScratchDir("dse-" + tag) {
    write("base.yaml",
          "kind: gemm\narch: systolic_os\npe: mac\nrows: 2\ncols: 2\n"
          "a: {width: 4, signed: true}\nb: {width: 4, signed: true}\nk_max: 16\n");
  }
};

}  // namespace bitloom::test
