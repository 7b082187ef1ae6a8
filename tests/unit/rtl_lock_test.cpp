// The generated RTL of every checked-in spec is locked by its SHA-256: a refactor of the
// generator must not change a byte of what it emits by accident. A deliberate change
// refreshes the lock (BITLOOM_UPDATE_RTL_LOCK=1 ctest -R RtlLock) and says in its commit
// why the bytes moved.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "generator/design.hpp"
#include "generator/emit.hpp"
#include "generator/hash.hpp"
#include "generator/block_registry.hpp"
#include "generator/yaml_reader.hpp"

using namespace bitloom;
namespace fs = std::filesystem;

namespace {

const char* kLockFile = BITLOOM_TEST_DATA "/golden/rtl_sha256.txt";

// Spec folders whose output is locked, relative to the source tree.
const char* kSpecFolders[] = {"tests/specs", "tests/specs_slow", "bench/specs", "examples"};

// Block specs generate RTL; workloads are scheduled and sweeps run other specs.
bool generates_rtl(const std::string& text) {
  const std::string kind = declared_kind(text);
  for (BlockKind k : registered_block_kinds())
    if (name(k) == kind) return true;
  return false;
}

// "<spec path> <generated file>" -> sha256, for every .v file of every spec.
std::map<std::string, std::string> current_hashes() {
  const fs::path root = fs::path(BITLOOM_TEST_DATA).parent_path();
  std::map<std::string, std::string> hashes;
  for (const char* folder : kSpecFolders) {
    std::vector<fs::path> specs;
    for (const auto& e : fs::directory_iterator(root / folder))
      if (e.path().extension() == ".yaml" && generates_rtl(read_spec_file(e.path().string())))
        specs.push_back(e.path());
    std::sort(specs.begin(), specs.end());
    for (const fs::path& spec_path : specs) {
      const Spec spec = load_spec(spec_path.string());
      const FileSet files = render_design(spec, build_design(spec));
      for (const auto& [rel, text] : files)
        if (fs::path(rel).extension() == ".v")
          hashes[fs::relative(spec_path, root).string() + " " + rel] = sha256_hex(text);
    }
  }
  return hashes;
}

std::map<std::string, std::string> locked_hashes() {
  std::map<std::string, std::string> hashes;
  std::ifstream in(kLockFile);
  std::string spec, file, hash;
  while (in >> spec >> file >> hash) hashes[spec + " " + file] = hash;
  return hashes;
}

}  // namespace

TEST(RtlLock, GeneratedVerilogOfEveryCheckedInSpecIsUnchanged) {
  const auto now = current_hashes();
  ASSERT_GT(now.size(), 100u) << "the spec folders were not found";
  if (const char* update = std::getenv("BITLOOM_UPDATE_RTL_LOCK"); update && std::string(update) == "1") {
    std::ofstream out(kLockFile);
    for (const auto& [key, hash] : now) out << key << ' ' << hash << '\n';
    GTEST_SKIP() << "rewrote " << kLockFile << " (" << now.size() << " files)";
  }
  const auto locked = locked_hashes();
  std::ostringstream diff;
  int changed = 0;
  for (const auto& [key, hash] : now) {
    auto it = locked.find(key);
    if (it == locked.end()) diff << "  new:     " << key << '\n', ++changed;
    else if (it->second != hash) diff << "  changed: " << key << '\n', ++changed;
  }
  for (const auto& [key, hash] : locked)
    if (!now.count(key)) diff << "  gone:    " << key << '\n', ++changed;
  EXPECT_EQ(changed, 0) << "generated Verilog differs from " << kLockFile << ":\n"
                        << diff.str()
                        << "If the change is deliberate, refresh the lock with "
                           "BITLOOM_UPDATE_RTL_LOCK=1 and say why in the commit.";
}
