// Errors in a spec file: always located at file:line:col and naming the key.
#pragma once
#include <stdexcept>
#include <string>

namespace bitloom {

class SpecError : public std::runtime_error {
 public:
  SpecError(const std::string& file, int line, int col, const std::string& key,
            const std::string& reason);
};

// A legal spec whose command would exceed one of bitloom's budgets (generator/limits.hpp):
// refused up front, like bad input, with the limit in the message.
class BudgetError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Errors from the tools bitloom drives (Verilator, Yosys, OpenSTA). The message names
// the log that holds the details.
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bitloom
