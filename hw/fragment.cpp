#include "hw/fragment.hpp"

#include "hw/checker.hpp"
#include "hw/printer.hpp"

namespace bitloom::hw {

std::string Fragment::checked_text(const std::string& indent) const {
  require_no_problems(check_module(scratch_, context_), "fragment " + scratch_.name());
  std::vector<Item> items;
  for (const Item& item : scratch_.items())
    if (!std::holds_alternative<Decl>(item)) items.push_back(item);
  return print_items(items, indent);
}

}  // namespace bitloom::hw
