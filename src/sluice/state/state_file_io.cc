#include "sluice/state/state_file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sluice::state {

namespace {

std::atomic<int64_t> g_num_writes{0};
std::atomic<int64_t> g_fail_at{0};  // absolute write number that fails; 0 = none
std::atomic<uint64_t> g_temp_counter{0};

Status ErrnoError(const std::string& what, const std::string& path, int err) {
  return Status::IOError(what + " '" + path + "': " + std::strerror(err));
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoError("cannot fsync directory", dir, err);
  return Status::OK();
}

}  // namespace

Status WriteStateFileAtomic(const std::string& path, std::string_view bytes) {
  const int64_t write_number = g_num_writes.fetch_add(1) + 1;
  std::filesystem::path target(path);
  const std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  const std::string temp = (target.parent_path() / ("." + target.filename().string() + "." +
                                                    std::to_string(::getpid()) + "-" +
                                                    std::to_string(g_temp_counter.fetch_add(1)) + ".tmp"))
                               .string();

  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", temp, errno);
  Status st = WriteAll(fd, bytes, temp);
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoError("cannot fsync", temp, errno);
  if (::close(fd) != 0 && st.ok()) st = ErrnoError("cannot close", temp, errno);
  if (!st.ok()) {
    ::unlink(temp.c_str());
    return st;
  }
  if (write_number == g_fail_at.load()) {
    return Status::IOError("injected fault: simulated crash before renaming '" + temp + "' to '" + path + "'");
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return ErrnoError("cannot rename temp file to", path, err);
  }
  return SyncDirectory(dir);
}

Result<std::optional<std::string>> ReadStateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return ErrnoError("cannot open", path, errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoError("cannot stat", path, err);
  }
  std::string out;
  out.resize(static_cast<size_t>(st.st_size));
  size_t filled = 0;
  while (true) {
    if (filled == out.size()) out.resize(out.size() + 64 * 1024);  // the file grew, or size 0
    ssize_t n = ::read(fd, out.data() + filled, out.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoError("cannot read", path, err);
    }
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(filled);
  return std::optional<std::string>(std::move(out));
}

bool IsStateTempFileName(std::string_view file_name) {
  return file_name.size() > 5 && file_name.front() == '.' && file_name.ends_with(".tmp");
}

void TEST_FailNthStateFileWrite(int64_t n) { g_fail_at.store(n <= 0 ? 0 : g_num_writes.load() + n); }

}  // namespace sluice::state
