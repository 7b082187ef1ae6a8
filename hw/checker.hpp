// Structural checks of a design, run on every design the generator builds: widths that
// do not match (assignments and instance connections), net bits that are read or leave
// the module but have no driver, bits with more than one driver, instance ports left
// unconnected, and instances of modules the design does not have. These are errors,
// not lint warnings: a design that fails them is never written.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "hw/design.hpp"

namespace bitloom::hw {

// One line per problem, "module: what", in the order found; empty when clean.
std::vector<std::string> check_module(const Module& m, const Design& context);
std::vector<std::string> check_design(const Design& d);

class CheckError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Throws CheckError, "<what> fails the structural check:" and every problem, unless
// `problems` is empty.
void require_no_problems(const std::vector<std::string>& problems, const std::string& what);

// Throws CheckError listing every problem.
void require_clean(const Design& d);
// The same for a module that instantiates nothing (a leaf or a primitive) on its own.
void require_clean(const Module& leaf);

}  // namespace bitloom::hw
