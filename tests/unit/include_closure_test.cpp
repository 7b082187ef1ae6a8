// The harness cache key covers every project file a harness is compiled from: the
// include closure follows headers through headers and leaves out generated ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tb/runner/include_closure.hpp"

using bitloom::include_closure;

TEST(IncludeClosure, FollowsProjectHeadersTransitivelyAndSkipsGeneratedOnes) {
  const std::string root = std::filesystem::path(BITLOOM_TEST_DATA).parent_path().string();
  const auto files = include_closure(root, {"tb/softmax_test.cpp"});
  auto has = [&](const std::string& f) { return std::find(files.begin(), files.end(), f) != files.end(); };
  EXPECT_TRUE(has("tb/softmax_test.cpp"));
  EXPECT_TRUE(has("tb/xy_stream.hpp"));        // included directly
  EXPECT_TRUE(has("tb/axis_stream.hpp"));      // through xy_stream.hpp
  EXPECT_TRUE(has("generator/kinds.hpp"));     // through the softmax model's header
  EXPECT_FALSE(has("params.hpp"));             // generated beside the design, not in the tree
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
}
