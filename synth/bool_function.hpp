// Evaluates Liberty `function` strings ("(!(A B))", "!(A1 & A2)", "(!A) | (!B)") so that
// cells are recognised by their truth table, whatever the library's notation.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bitloom {

// Value of `function` for the given pin values; nullopt if it cannot be parsed or
// names a pin that is not in `pins`.
std::optional<bool> eval_liberty_function(const std::string& function,
                                          const std::map<std::string, bool>& pins);

// Truth table over `inputs` (bit i of the row index = inputs[i]); empty on a parse error.
std::vector<bool> truth_table(const std::string& function, const std::vector<std::string>& inputs);

}  // namespace bitloom
