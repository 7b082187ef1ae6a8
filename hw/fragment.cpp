#include "hw/fragment.hpp"

#include "hw/checker.hpp"
#include "hw/printer.hpp"

namespace bitloom::hw {

std::string Fragment::checked_text(const std::string& indent) const {
  const std::vector<std::string> problems = check_module(scratch_, context_);
  if (!problems.empty()) {
    std::string text = "fragment " + scratch_.name() + " fails the structural check:";
    for (const std::string& p : problems) text += "\n  " + p;
    throw CheckError(text);
  }
  std::vector<Item> items;
  for (const Item& item : scratch_.items())
    if (!std::holds_alternative<Decl>(item)) items.push_back(item);
  return print_items(items, indent);
}

}  // namespace bitloom::hw
