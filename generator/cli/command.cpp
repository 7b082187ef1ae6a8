#include "generator/cli/command.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <regex>
#include <stdexcept>

namespace bitloom::cli {

double parse_number(const std::string& option, const std::string& text, double lo, double hi) {
  static const std::regex number(R"([-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?)");
  if (!std::regex_match(text, number))
    throw std::invalid_argument(fmt::format("{}: '{}' is not a number", option, text));
  const double v = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(v) || v < lo || v > hi)
    throw std::invalid_argument(fmt::format("{}: {} is out of range [{}, {}]", option, text, lo, hi));
  return v;
}

double ParsedArgs::number(const std::string& o, double fallback, double lo, double hi) const {
  auto it = values.find(o);
  return it == values.end() ? fallback : parse_number(o, it->second, lo, hi);
}

unsigned long long ParsedArgs::unsigned_integer(const std::string& o, unsigned long long fallback,
                                                unsigned long long lo, unsigned long long hi) const {
  auto it = values.find(o);
  if (it == values.end()) return fallback;
  const std::string& t = it->second;
  if (t.empty() || t.size() > 20 || t.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument(fmt::format("{}: '{}' is not a non-negative integer", o, t));
  errno = 0;
  const unsigned long long v = std::strtoull(t.c_str(), nullptr, 10);
  if (errno == ERANGE || v < lo || v > hi)
    throw std::invalid_argument(fmt::format("{}: {} is out of range [{}, {}]", o, t, lo, hi));
  return v;
}

std::string Command::help() const {
  std::string h = fmt::format("usage: bitloom {} {}\n\n{}\n", name, usage, description);
  if (!options.empty()) h += "\noptions:\n";
  for (const auto& o : options) {
    const std::string left = (o.value_name.empty() ? o.name : o.name + " " + o.value_name) + (o.repeatable ? " ..." : "");
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
        if (o.name == a || (o.name == "--output" && a == "-o") || (o.name == "--jobs" && a == "-j")) opt = &o;
      if (!opt) throw std::invalid_argument(fmt::format("unknown option {}", a));
      if (opt->value_name.empty()) {
        p.values[opt->name] = "1";
      } else {
        if (i + 1 >= args.size())
          throw std::invalid_argument(fmt::format("{} needs a value ({})", a, opt->value_name));
        p.values[opt->name] = args[++i];
        if (opt->repeatable) p.lists[opt->name].push_back(args[i]);
        else if (p.lists[opt->name].size() == 1)
          throw std::invalid_argument(fmt::format("{} is given twice", a));
        else p.lists[opt->name].push_back(args[i]);
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
