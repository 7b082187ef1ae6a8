// SHA-256 digests (OpenSSL) for spec hashes and build/synthesis cache keys.
#pragma once
#include <string>

namespace bitloom {
std::string sha256_hex(const std::string& bytes);
std::string sha256_file(const std::string& path);
}  // namespace bitloom
