#include "generator/net_mutation.hpp"

#include <fmt/format.h>

#include <regex>

namespace bitloom {

namespace {

std::string regex_escape(const std::string& s) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(s, special, R"(\$&)");
}

}  // namespace

NetMutation parse_net_mutation(const std::string& text) {
  const size_t c1 = text.find(':'), c2 = text.find(':', c1 == std::string::npos ? 0 : c1 + 1);
  const size_t arrow = text.find("=>", c2 == std::string::npos ? 0 : c2 + 1);
  if (c1 == std::string::npos || c2 == std::string::npos || arrow == std::string::npos)
    throw std::invalid_argument(fmt::format("--mutate '{}': expected MODULE:NET:FROM=>TO", text));
  NetMutation m{text.substr(0, c1), text.substr(c1 + 1, c2 - c1 - 1), text.substr(c2 + 1, arrow - c2 - 1),
                text.substr(arrow + 2)};
  if (m.module.empty() || m.net.empty() || m.from.empty())
    throw std::invalid_argument(fmt::format("--mutate '{}': module, net and FROM must not be empty", text));
  return m;
}

void apply_net_mutation(FileSet& files, const NetMutation& m) {
  auto file = files.find("rtl/" + m.module + ".v");
  if (file == files.end()) throw std::invalid_argument(fmt::format("--mutate: no module {} in the design", m.module));
  std::string& text = file->second;
  // The net on the left of `=` / `<=` at the start of a statement: after a line break, a
  // `;`, `begin`, `else`, `assign`, an if's `)` or a case item's `:`, optionally declared
  // as wire/reg there.
  const std::regex driver(R"((?:^|[;\n):]|\bbegin\b|\belse\b|\bassign\b)[ \t]*(?:(?:wire|reg)[ \t]+(?:signed[ \t]+)?(?:\[[^\]\n]*\][ \t]*)?)?)" +
                          regex_escape(m.net) + R"([ \t]*<?=(?!=))");
  std::smatch found;
  if (!std::regex_search(text, found, driver))
    throw std::invalid_argument(fmt::format("--mutate: no statement drives {} in {}", m.net, m.module));
  const size_t start = static_cast<size_t>(found.position(0));
  const size_t end = text.find(';', start + static_cast<size_t>(found.length(0)));
  if (end == std::string::npos)
    throw std::invalid_argument(fmt::format("--mutate: the statement driving {} in {} has no end", m.net, m.module));
  const std::string statement = text.substr(start, end + 1 - start);
  const std::regex from(m.from);
  if (!std::regex_search(statement, from))
    throw std::invalid_argument(
        fmt::format("--mutate: '{}' is not in the statement that drives {} in {}", m.from, m.net, m.module));
  text.replace(start, statement.size(),
               std::regex_replace(statement, from, m.to, std::regex_constants::format_first_only));
}

}  // namespace bitloom
