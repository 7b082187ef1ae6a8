#include "generator/templates.hpp"

#include <fmt/format.h>

#include <regex>
#include <stdexcept>

namespace bitloom {

namespace {
const std::string& template_text(const std::string& file) {
  static std::map<std::string, std::string> cache;
  auto it = cache.find(file);
  if (it != cache.end()) return it->second;
  for (const auto& t : embedded_templates())
    if (file == t.file) return cache[file] = t.text;
  throw std::logic_error(fmt::format("no RTL template named {}", file));
}
}  // namespace

std::string specialize_template(const std::string& file, const std::string& module_name,
                                const std::map<std::string, long long>& params,
                                const std::map<std::string, std::string>& renames) {
  std::string text = template_text(file);
  static const std::regex module_decl(R"(\bmodule\s+([A-Za-z_][A-Za-z0-9_]*))");
  std::smatch m;
  if (!std::regex_search(text, m, module_decl))
    throw std::logic_error(fmt::format("{}: no module declaration", file));
  text = m.prefix().str() + "module " + module_name + m.suffix().str();
  for (const auto& [name, value] : params) {
    const std::regex decl("(parameter\\s+integer\\s+" + name + "\\s*=\\s*)[^,\\n)]+");
    if (!std::regex_search(text, decl))
      throw std::logic_error(fmt::format("{}: no parameter {}", file, name));
    text = std::regex_replace(text, decl, "$01" + std::to_string(value),
                              std::regex_constants::format_first_only);
  }
  for (const auto& [from, to] : renames) text = std::regex_replace(text, std::regex("\\b" + from + "\\b"), to);
  return text;
}

}  // namespace bitloom
