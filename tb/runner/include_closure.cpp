#include "tb/runner/include_closure.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace bitloom {

std::vector<std::string> include_closure(const std::string& root, const std::vector<std::string>& sources) {
  static const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::set<std::string> seen;
  std::vector<std::string> todo(sources.begin(), sources.end());
  while (!todo.empty()) {
    const std::string file = todo.back();
    todo.pop_back();
    if (!seen.insert(file).second) continue;
    std::ifstream in(root + "/" + file);
    for (std::string line; std::getline(in, line);) {
      std::smatch m;
      if (std::regex_search(line, m, include) && std::filesystem::is_regular_file(root + "/" + m[1].str()))
        todo.push_back(m[1].str());
    }
  }
  return {seen.begin(), seen.end()};
}

}  // namespace bitloom
