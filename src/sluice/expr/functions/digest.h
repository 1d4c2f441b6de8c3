#pragma once

// Hash and checksum algorithms behind md5, sha1, sha2, crc32 and hash: written here
// because sluice links no crypto library. Outputs are raw bytes; Hex() renders them the
// way Spark's functions do (lower-case hex).

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice::expr::digest {

std::string Md5(std::string_view data);
std::string Sha1(std::string_view data);
// bits: 224, 256, 384 or 512.
std::string Sha2(std::string_view data, int bits);
uint32_t Crc32(std::string_view data);
std::string Hex(std::string_view bytes);

// Spark's Murmur3_x86_32 (seed 42 for hash()): hashInt / hashLong / hashUnsafeBytes,
// including Spark's non-standard tail handling of byte arrays.
int32_t Murmur3Int(int32_t value, int32_t seed);
int32_t Murmur3Long(int64_t value, int32_t seed);
int32_t Murmur3Bytes(std::string_view bytes, int32_t seed);

}  // namespace sluice::expr::digest
