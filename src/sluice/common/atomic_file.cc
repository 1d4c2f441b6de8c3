#include "sluice/common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sluice {

namespace {

std::atomic<uint64_t> g_temp_counter{0};

Status ErrnoError(const std::string& what, const std::string& path, int err) {
  return Status::IOError(what + " '" + path + "': " + std::strerror(err));
}

std::string TempPathFor(const std::filesystem::path& target) {
  std::string name = "." + target.filename().string() + "." + std::to_string(::getpid()) + "-" +
                     std::to_string(g_temp_counter.fetch_add(1)) + ".tmp";
  return (target.parent_path() / name).string();
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path, errno);
    }
    p += n;
    left -= static_cast<size_t>(n);
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

// Writes and syncs the temp file; removes it again on failure.
Status WriteTempFile(const std::string& temp, std::string_view bytes) {
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", temp, errno);
  Status st = WriteAll(fd, bytes, temp);
  if (st.ok() && ::fdatasync(fd) != 0) st = ErrnoError("cannot fsync", temp, errno);
  if (::close(fd) != 0 && st.ok()) st = ErrnoError("cannot close", temp, errno);
  if (!st.ok()) ::unlink(temp.c_str());
  return st;
}

}  // namespace

Status WriteFileAtomic(const std::string& path, std::string_view bytes, bool fail_before_rename) {
  std::filesystem::path target(path);
  std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  std::string temp = TempPathFor(target);

  SLUICE_RETURN_IF_ERROR(WriteTempFile(temp, bytes));
  if (fail_before_rename) {
    return Status::IOError("injected fault: simulated crash before renaming '" + temp + "' to '" +
                           path + "'");
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return ErrnoError("cannot rename temp file to", path, err);
  }
  return SyncDirectory(dir);
}

Result<std::optional<std::string>> ReadFileIfExists(const std::string& path) {
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
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::IOError("cannot read '" + path + "': it is a directory, expected a file");
  }
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buffer[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoError("cannot read", path, err);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::optional<std::string>(std::move(out));
}

Result<std::string> ReadFile(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> bytes, ReadFileIfExists(path));
  if (!bytes) return Status::IOError("cannot open '" + path + "': file does not exist");
  return std::move(*bytes);
}

bool IsTempFileName(std::string_view file_name) {
  return file_name.size() > 5 && file_name.front() == '.' && file_name.ends_with(".tmp");
}

}  // namespace sluice
