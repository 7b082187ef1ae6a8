// A test-only hook for mutation tests: plants a bug in the statement that drives a named
// net of a generated module (`assign net = ...;`, `wire [..] net = ...;`, `net <= ...;`,
// `net = ...;`, also as a case item's statement; the first one in the file), replacing the first match of the regular
// expression `from` (ECMAScript) with `to` ($1 for its groups) inside that statement only.
// Keyed by module and net names rather than by whole generated lines, a mutant keeps
// applying while the rest of the module's text changes.
#pragma once
#include <stdexcept>
#include <string>

#include "generator/emit.hpp"

namespace bitloom {

struct NetMutation {
  std::string module;  // the generated module, rtl/<module>.v
  std::string net;     // as written on the left-hand side, e.g. "drain_fire" or "m0_neg[0]"
  std::string from, to;
};

// "MODULE:NET:FROM=>TO". Throws std::invalid_argument when malformed.
NetMutation parse_net_mutation(const std::string& text);

// Applies `m` to `files`. Throws std::invalid_argument when the module, a statement
// driving the net, or a match of `from` inside that statement is not found, or `from` is
// not a valid regular expression (std::regex_error).
void apply_net_mutation(FileSet& files, const NetMutation& m);

}  // namespace bitloom
