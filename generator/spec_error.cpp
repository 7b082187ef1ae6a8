#include "generator/spec_error.hpp"

#include <fmt/format.h>

namespace bitloom {

SpecError::SpecError(const std::string& file, int line, int col, const std::string& key,
                     const std::string& reason)
    : std::runtime_error(fmt::format("{}:{}:{}: {}: {}", file, line, col, key, reason)) {}

}  // namespace bitloom
