// Hand-written leaf modules (rtl_templates/*.v), embedded at build time, and their
// specialisation into plain, parameter-free module names.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace bitloom {

struct EmbeddedTemplate {
  const char* file;
  const char* text;
};
const std::vector<EmbeddedTemplate>& embedded_templates();

// Returns template `file` with its module renamed to `module_name` and each parameter
// in `params` given a new default. The instance then needs no parameter overrides, so
// synthesis reports show `module_name` rather than a $paramod hash.
// `renames` replaces whole identifiers (e.g. the template's submodule names).
std::string specialize_template(const std::string& file, const std::string& module_name,
                                const std::map<std::string, long long>& params,
                                const std::map<std::string, std::string>& renames = {});

}  // namespace bitloom
