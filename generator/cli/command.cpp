#include "generator/cli/command.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace bitloom::cli {

double ParsedArgs::number(const std::string& o, double fallback) const {
  auto it = values.find(o);
  if (it == values.end()) return fallback;
  try {
    size_t used = 0;
    double v = std::stod(it->second, &used);
    if (used != it->second.size()) throw std::invalid_argument("");
    return v;
  } catch (const std::exception&) {
    throw std::invalid_argument(fmt::format("{}: '{}' is not a number", o, it->second));
  }
}

std::string Command::help() const {
  std::string h = fmt::format("usage: bitloom {} {}\n\n{}\n", name, usage, description);
  if (!options.empty()) h += "\noptions:\n";
  for (const auto& o : options) {
    const std::string left = o.value_name.empty() ? o.name : o.name + " " + o.value_name;
    h += fmt::format("  {:<24} {}\n", left, o.help);
  }
  h += fmt::format("  {:<24} {}\n", "-h, --help", "show this help");
  return h;
}

ParsedArgs Command::parse(const std::vector<std::string>& args) const {
  ParsedArgs p;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 1 && a[0] == '-') {
      const Option* opt = nullptr;
      for (const auto& o : options)
        if (o.name == a || (o.name == "--output" && a == "-o")) opt = &o;
      if (!opt) throw std::invalid_argument(fmt::format("unknown option {}", a));
      if (opt->value_name.empty()) {
        p.values[opt->name] = "1";
      } else {
        if (i + 1 >= args.size())
          throw std::invalid_argument(fmt::format("{} needs a value ({})", a, opt->value_name));
        p.values[opt->name] = args[++i];
      }
    } else {
      p.positional.push_back(a);
    }
  }
  const int n = static_cast<int>(p.positional.size());
  if (n < min_positional || n > max_positional)
    throw std::invalid_argument(fmt::format("expected: bitloom {} {}", name, usage));
  return p;
}

}  // namespace bitloom::cli
