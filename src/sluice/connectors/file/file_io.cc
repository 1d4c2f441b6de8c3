#include "sluice/connectors/file/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "sluice/common/strings.h"

namespace sluice::connectors {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

std::string Extension(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return AsciiLower(path.substr(dot));
}

// Makes room for `n` bytes beyond `c->size`, plus the padding.
void Reserve(FileContents* c, size_t n) {
  size_t needed = c->size + n + kReadPadding;
  if (needed <= c->capacity) return;
  size_t capacity = std::max(needed, c->capacity * 2);
  std::unique_ptr<char[]> data(new char[capacity]);
  if (c->size > 0) std::memcpy(data.get(), c->data.get(), c->size);
  c->data = std::move(data);
  c->capacity = capacity;
}

Status ReadFd(int fd, const std::string& display, FileContents* out) {
  struct stat st;
  size_t expected = (::fstat(fd, &st) == 0 && st.st_size > 0) ? static_cast<size_t>(st.st_size) : 0;
  Reserve(out, expected + 1);
  while (true) {
    if (out->capacity - out->size < kReadPadding + 4096) Reserve(out, out->capacity);
    ssize_t n = ::read(fd, out->data.get() + out->size, out->capacity - out->size - kReadPadding);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("cannot read " + display + ": " + ErrnoText(errno));
    }
    if (n == 0) break;
    out->size += static_cast<size_t>(n);
  }
  return Status::OK();
}

void Pad(FileContents* c) {
  Reserve(c, 0);
  std::memset(c->data.get() + c->size, 0, kReadPadding);
}

Result<FileContents> Gunzip(std::string_view data, const std::string& display) {
  constexpr size_t kMaxChunk = size_t{1} << 30;  // zlib counts in 32 bits
  FileContents out;
  Reserve(&out, std::max<size_t>(data.size() * 4, 4096));
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  // 16 + MAX_WBITS: expect a gzip header.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Status::IOError("cannot start gzip decompression of " + display);
  size_t fed = 0;  // input bytes handed to zlib so far
  bool ended = false;
  while (true) {
    if (zs.avail_in == 0 && fed < data.size()) {
      size_t chunk = std::min(kMaxChunk, data.size() - fed);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
      zs.avail_in = static_cast<uInt>(chunk);
      fed += chunk;
    }
    if (out.capacity - out.size - kReadPadding < 65536) Reserve(&out, out.capacity);
    zs.next_out = reinterpret_cast<Bytef*>(out.data.get() + out.size);
    zs.avail_out = static_cast<uInt>(std::min(out.capacity - out.size - kReadPadding, kMaxChunk));
    size_t before = zs.avail_out;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.size += before - zs.avail_out;
    bool input_left = zs.avail_in > 0 || fed < data.size();
    if (rc == Z_STREAM_END) {
      ended = true;
      if (!input_left) break;
      // Another gzip member follows (concatenated .gz files are one stream, as gunzip reads them).
      if (inflateReset(&zs) != Z_OK) break;
      ended = false;
      continue;
    }
    if (rc == Z_BUF_ERROR && !input_left) break;  // input exhausted before the end marker: truncated
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      std::string why = zs.msg != nullptr ? zs.msg : "error " + std::to_string(rc);
      inflateEnd(&zs);
      return Status::IOError("corrupt gzip data in " + display + ": " + why);
    }
  }
  inflateEnd(&zs);
  if (!ended) {
    return Status::IOError("truncated gzip file " + display + ": the compressed stream ends before its end marker (" +
                           std::to_string(data.size()) + " bytes read)");
  }
  Pad(&out);
  return out;
}

std::string TempName(const std::string& path) {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  return path + ".tmp-" + std::to_string(rng() % 1000000000);
}

Status WriteAll(int fd, std::string_view contents, const std::string& path) {
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("cannot write '" + path + "': " + ErrnoText(errno));
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return Status::IOError("cannot sync '" + path + "': " + ErrnoText(errno));
  return Status::OK();
}

void SyncDir(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

Result<FileContents> ReadDataFile(const std::string& path, const std::string& display, ReadFailure* failure) {
  ReadFailure ignored;
  if (failure == nullptr) failure = &ignored;
  *failure = ReadFailure::kNone;
  std::string ext = Extension(path);
  if (ext == ".bz2" || ext == ".zst" || ext == ".lz4" || ext == ".snappy" || ext == ".deflate" || ext == ".zip" ||
      ext == ".xz") {
    *failure = ReadFailure::kCorrupt;
    return Status::IOError("cannot read " + display + ": compression '" + ext +
                           "' is not supported; supported: gzip (.gz) and uncompressed files");
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    *failure = err == ENOENT ? ReadFailure::kMissing : ReadFailure::kOther;
    if (err == ENOENT) {
      return Status::IOError("File " + display + " does not exist; it was deleted or moved after it was listed");
    }
    return Status::IOError("cannot open " + display + ": " + ErrnoText(err));
  }
  FileContents raw;
  Status s = ReadFd(fd, display, &raw);
  ::close(fd);
  if (!s.ok()) {
    *failure = ReadFailure::kOther;
    return s;
  }
  if (ext != ".gz") {
    Pad(&raw);
    return raw;
  }
  auto unzipped = Gunzip(raw.view(), display);
  if (!unzipped.ok()) *failure = ReadFailure::kCorrupt;
  return unzipped;
}

Result<std::string> ReadSmallFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open '" + path + "': " + ErrnoText(errno));
  FileContents contents;
  Status s = ReadFd(fd, "'" + path + "'", &contents);
  ::close(fd);
  SLUICE_RETURN_IF_ERROR(s);
  return std::string(contents.view());
}

Status WriteFileAtomically(const std::string& path, std::string_view contents, bool fail_if_exists) {
  std::string temp = TempName(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot create '" + temp + "': " + ErrnoText(errno));
  Status s = WriteAll(fd, contents, temp);
  ::close(fd);
  if (!s.ok()) {
    ::unlink(temp.c_str());
    return s;
  }
  if (fail_if_exists) {
    // link() fails when the target exists, so two writers cannot both commit one name.
    if (::link(temp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(temp.c_str());
      if (err == EEXIST) return Status::IOError("'" + path + "' already exists");
      return Status::IOError("cannot create '" + path + "': " + ErrnoText(err));
    }
    ::unlink(temp.c_str());
  } else if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return Status::IOError("cannot rename '" + temp + "' to '" + path + "': " + ErrnoText(err));
  }
  SyncDir(path);
  return Status::OK();
}

Status WriteFileDurably(const std::string& path, std::string_view contents) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot create '" + path + "': " + ErrnoText(errno));
  Status s = WriteAll(fd, contents, path);
  ::close(fd);
  return s;
}

Result<std::string> GzipCompress(std::string_view data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::IOError("cannot start gzip compression");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 64);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t produced = out.size() - zs.avail_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::IOError("gzip compression failed (error " + std::to_string(rc) + ")");
  out.resize(produced);
  return out;
}

Status CreateDirectories(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create folder '" + dir + "': " + ec.message());
  return Status::OK();
}

}  // namespace sluice::connectors
