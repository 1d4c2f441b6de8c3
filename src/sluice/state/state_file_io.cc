#include "sluice/state/state_file_io.h"

#include <atomic>

#include "sluice/common/atomic_file.h"

namespace sluice::state {

namespace {
std::atomic<int64_t> g_num_writes{0};
std::atomic<int64_t> g_fail_at{0};  // absolute write number that fails; 0 = none
}  // namespace

Status WriteStateFileAtomic(const std::string& path, std::string_view bytes) {
  const int64_t write_number = g_num_writes.fetch_add(1) + 1;
  return WriteFileAtomic(path, bytes, write_number == g_fail_at.load());
}

Result<std::optional<std::string>> ReadStateFile(const std::string& path) { return ReadFileIfExists(path); }

bool IsStateTempFileName(std::string_view file_name) { return IsTempFileName(file_name); }

void TEST_FailNthStateFileWrite(int64_t n) { g_fail_at.store(n <= 0 ? 0 : g_num_writes.load() + n); }

}  // namespace sluice::state
