#pragma once
namespace bitloom {
inline constexpr const char* kVersion = BITLOOM_VERSION;
}
