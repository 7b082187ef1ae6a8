// Names that may not be used for generated modules: the reserved words of Verilog-2005
// and SystemVerilog-2017 (Verilator reads .v files as SystemVerilog), and the words that
// turn a comment starting with the name into a tool directive (`// verilator ...`,
// `// synopsys ...`), since generated comments begin with the module name.
#pragma once
#include <optional>
#include <string>

namespace bitloom {

bool is_verilog_keyword(const std::string& name);

// The directive word `name` starts with (case-insensitive), if any.
std::optional<std::string> directive_prefix(const std::string& name);

}  // namespace bitloom
