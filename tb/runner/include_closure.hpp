// The project files a set of sources is built from: the sources and every header they
// reach through `#include "..."` that lies under the source tree. What a cached build
// depends on is read off the sources themselves, not kept in a list beside them.
#pragma once
#include <string>
#include <vector>

namespace bitloom {

// Paths relative to `root`, sorted, each once. Includes that do not name a file under
// `root` (generated headers such as params.hpp, system headers) are left out.
std::vector<std::string> include_closure(const std::string& root, const std::vector<std::string>& sources);

}  // namespace bitloom
