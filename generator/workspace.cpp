#include "generator/workspace.hpp"

#include <filesystem>

#include "generator/hash.hpp"
#include "generator/process.hpp"

namespace fs = std::filesystem;

namespace bitloom {

std::vector<std::string> Generated::rtl_paths() const {
  std::vector<std::string> paths;
  for (const auto& m : design.modules) paths.push_back(gen_dir() + "/rtl/" + m.name + ".v");
  return paths;
}

std::string default_work_root() {
  const char* env = std::getenv("BITLOOM_WORK");
  return env && *env ? env : "build/work";
}

std::string source_dir() {
  const char* env = std::getenv("BITLOOM_SOURCE_DIR");
  return env && *env ? env : BITLOOM_SOURCE_DIR;
}

namespace {
void place(Generated& g, const std::string& work_root) {
  std::string all;
  for (const auto& [path, text] : g.files) all += path + '\0' + text + '\0';
  g.content_hash = sha256_hex(all);
  g.dir = fs::absolute(fs::path(work_root) / g.design.top / g.content_hash.substr(0, 12)).string();
  // A cache entry is used only when complete and byte for byte what this spec generates.
  FileLock lock(g.dir + "/gen.lock");
  if (!file_set_present(g.gen_dir(), g.files)) {
    fs::remove_all(g.gen_dir());  // an incomplete or stale entry of bitloom's own
    write_file_set(g.gen_dir(), g.files);
  }
}
}  // namespace

Generated generate_into_work(const std::string& spec_path, const std::string& work_root) {
  Generated g{load_spec(spec_path), {}, {}, {}, {}};
  g.design = build_design(g.spec);
  g.files = render_design(g.spec, g.design);
  place(g, work_root);
  return g;
}

Generated with_rtl_from(const Generated& base, const std::string& rtl_dir, const std::string& work_root) {
  Generated g = base;
  for (auto& [path, text] : g.files)
    if (path.rfind("rtl/", 0) == 0) text = read_text_file(rtl_dir + "/" + path);
  place(g, work_root);
  return g;
}

}  // namespace bitloom
