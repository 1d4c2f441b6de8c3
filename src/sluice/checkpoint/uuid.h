#pragma once

#include <string>

namespace sluice::checkpoint {

// Returns a random (version 4, RFC 4122) UUID in its canonical lowercase form,
// e.g. "3f2b8c1e-9d4a-4f6b-8e2c-1a5d7b9e0c34", as Spark's query ids and run ids are.
// Uses a per-thread std::mt19937_64 seeded from std::random_device. Thread-safe.
std::string NewUuid();

}  // namespace sluice::checkpoint
