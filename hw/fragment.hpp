// A part of a module that is still Verilog text, built and checked in the IR: its
// instances, assignments and generate loops. The nets it shares with the surrounding
// text are declared here by role (read from the text, driven for the text, or its own),
// and the modules it instantiates by their headers, so the checker sees widths, port
// names, bits driven twice and bits the text reads but nobody drives. Only the items are
// printed; the text declares the nets.
#pragma once
#include <string>
#include <vector>

#include "hw/design.hpp"
#include "hw/module.hpp"

namespace bitloom::hw {

class Fragment {
 public:
  explicit Fragment(const std::string& where) : scratch_(where, "") {}

  // A net the surrounding text drives and the fragment reads.
  Expr from_text(const std::string& name, int width) { return scratch_.input(name, width); }
  // A net the fragment must drive in full, for the surrounding text.
  Expr for_text(const std::string& name, int width) { return scratch_.output(name, width); }
  // A net between the fragment's own items (bits nobody reads may stay undriven).
  Expr own(const std::string& name, int width) { return scratch_.wire(name, width); }
  // The ports of a module the fragment instantiates.
  void know(const Module& interface) { context_.add(interface); }

  Module& items() { return scratch_; }

  // Throws CheckError listing every problem; else the items as print_module prints them.
  std::string checked_text(const std::string& indent = "  ") const;

 private:
  Module scratch_;
  Design context_{"fragment"};
};

}  // namespace bitloom::hw
