#include "sluice/checkpoint/atomic_file.h"

#include <atomic>

namespace sluice::checkpoint {

namespace {
std::atomic<int64_t> g_num_writes{0};
// The absolute write number (value of g_num_writes after increment) that fails; 0 = none.
std::atomic<int64_t> g_fail_at{0};
}  // namespace

Status WriteFileAtomic(const std::string& path, std::string_view bytes) {
  const int64_t write_number = g_num_writes.fetch_add(1) + 1;
  return ::sluice::WriteFileAtomic(path, bytes, write_number == g_fail_at.load());
}

void TEST_FailNthAtomicWrite(int64_t n) { g_fail_at.store(n <= 0 ? 0 : g_num_writes.load() + n); }

int64_t TEST_NumAtomicWrites() { return g_num_writes.load(); }

}  // namespace sluice::checkpoint
