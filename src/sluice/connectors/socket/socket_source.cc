#include "sluice/connectors/socket/socket_source.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "sluice/common/time.h"
#include "sluice/connectors/option_table.h"

namespace sluice::connectors {
namespace {

constexpr int kConnectTimeoutMillis = 30000;
constexpr size_t kReadChunk = 64 * 1024;

// Connects to host:port, trying every address the name resolves to. Returns the socket
// or an IOError.
Result<int> Connect(const std::string& host, int port) {
  std::string where = host + ":" + std::to_string(port);
  struct addrinfo hints;
  std::memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  struct addrinfo* addresses = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &addresses);
  if (rc != 0) {
    return Status::IOError("socket source " + where + ": cannot resolve host '" + host + "': " + ::gai_strerror(rc));
  }
  std::string last_error = "no address";
  int fd = -1;
  for (struct addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    // Connect without blocking forever on an unreachable host.
    int flags = ::fcntl(fd, F_GETFL, 0);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int connected = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (connected != 0 && errno == EINPROGRESS) {
      struct pollfd p = {fd, POLLOUT, 0};
      int ready = ::poll(&p, 1, kConnectTimeoutMillis);
      int err = 0;
      socklen_t len = sizeof(err);
      if (ready == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        connected = 0;
      } else {
        errno = ready == 0 ? ETIMEDOUT : (err != 0 ? err : errno);
      }
    }
    if (connected == 0) {
      ::fcntl(fd, F_SETFL, flags);
      break;
    }
    last_error = std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(addresses);
  if (fd < 0) {
    return Status::IOError("socket source " + where + ": cannot connect: " + last_error +
                           " (is a server listening there? e.g. `nc -lk " + std::to_string(port) + "`)");
  }
  return fd;
}

}  // namespace

types::SchemaPtr SocketSource::Schema(bool include_timestamp) {
  static const types::SchemaPtr plain =
      std::make_shared<types::Schema>(std::vector<types::StructField>{{"value", types::DataType::String(), true}});
  static const types::SchemaPtr with_timestamp = std::make_shared<types::Schema>(std::vector<types::StructField>{
      {"value", types::DataType::String(), true}, {"timestamp", types::DataType::Timestamp(), true}});
  return include_timestamp ? with_timestamp : plain;
}

SocketSource::SocketSource(const SocketSourceConfig& config, const Clock* clock, int fd)
    : config_(config), clock_(clock), fd_(fd) {}

SocketSource::~SocketSource() { Stop(); }

Result<std::unique_ptr<SocketSource>> SocketSource::Make(const SocketSourceConfig& config, const Clock* clock) {
  if (config.port < 1 || config.port > 65535) {
    return Status::InvalidArgument("socket source: port " + std::to_string(config.port) +
                                   " is out of range; expected 1-65535");
  }
  if (config.num_partitions < 1) return Status::InvalidArgument("socket source: numPartitions must be positive");
  SLUICE_ASSIGN_OR_RETURN(int fd, Connect(config.host, config.port));
  std::unique_ptr<SocketSource> source(new SocketSource(config, clock != nullptr ? clock : SystemClock::Default(), fd));
  // Spark's warning.
  std::cerr << "WARN " << source->Description()
            << ": The socket source should not be used for production applications! It does not support recovery."
            << std::endl;
  source->reader_ = std::thread([s = source.get()] { s->ReadLoop(); });
  return source;
}

std::string SocketSource::Where() const { return config_.host + ":" + std::to_string(config_.port); }

std::string SocketSource::Description() const {
  return "TextSocketV2[host: " + config_.host + ", port: " + std::to_string(config_.port) + "]";
}

void SocketSource::AddLine(std::string line) {
  int64_t now = FloorDiv(clock_->NowMicros(), kMicrosPerMilli) * kMicrosPerMilli;
  std::lock_guard<std::mutex> lock(mu_);
  lines_.push_back(std::move(line));
  timestamps_.push_back(now);
  ++received_;
}

void SocketSource::ReadLoop() {
  std::string pending;
  bool skip_newline = false;  // the previous chunk ended with '\r'
  char buffer[kReadChunk];
  std::string reason;
  while (true) {
    ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      reason = std::string("connection failed: ") + std::strerror(errno);
      break;
    }
    if (n == 0) {
      reason = "connection closed by the server";
      break;
    }
    // Java's BufferedReader.readLine: "\n", "\r" and "\r\n" end a line.
    bool added = false;
    size_t start = 0;
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      char c = buffer[i];
      if (skip_newline) {
        skip_newline = false;
        if (c == '\n') {
          start = i + 1;
          continue;
        }
      }
      if (c != '\n' && c != '\r') continue;
      pending.append(buffer + start, i - start);
      AddLine(std::move(pending));
      added = true;
      pending.clear();
      start = i + 1;
      skip_newline = c == '\r';
    }
    pending.append(buffer + start, static_cast<size_t>(n) - start);
    if (added) NotifyListener();
  }
  // The last line needs no terminator.
  if (!pending.empty()) AddLine(std::move(pending));
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    close_reason_ = reason;
  }
  NotifyListener();
}

void SocketSource::NotifyListener() {
  std::lock_guard<std::mutex> lock(listener_mu_);
  if (listener_) listener_();
}

void SocketSource::SetDataListener(std::function<void()> listener) {
  std::lock_guard<std::mutex> lock(listener_mu_);
  listener_ = std::move(listener);
}

Result<int64_t> SocketSource::OffsetOf(const Offset& offset) const {
  if (offset.is_null()) return int64_t{-1};
  if (offset.is_number_integer()) return offset.get<int64_t>();
  return Status::Corruption("socket source " + Where() + ": offset " + offset.dump() +
                            " is not a line number (expected an integer)");
}

void SocketSource::FixNumbering(int64_t start) {
  if (numbering_fixed_) return;
  numbering_fixed_ = true;
  // A restarted query: the new connection's lines come after the checkpoint's offset.
  if (start + 1 > first_offset_) first_offset_ = start + 1;
}

Result<Offset> SocketSource::LatestOffset(const Offset& start, const ReadLimit& limit) {
  SLUICE_ASSIGN_OR_RETURN(int64_t from, OffsetOf(start));
  std::lock_guard<std::mutex> lock(mu_);
  FixNumbering(from);
  int64_t last = first_offset_ + static_cast<int64_t>(lines_.size()) - 1;
  if (last > from) return Offset(last);
  if (closed_ && !stopping_.load()) {
    return Status::ExecutionError("socket source " + Where() + ": " + close_reason_ + " after " +
                                  std::to_string(received_) +
                                  " lines; the socket source cannot reconnect or recover (it is not fault tolerant): "
                                  "restart the server and the query");
  }
  return start;
}

Result<std::vector<types::BatchPtr>> SocketSource::GetBatch(const Offset& start, const Offset& end) {
  SLUICE_ASSIGN_OR_RETURN(int64_t from, OffsetOf(start));
  SLUICE_ASSIGN_OR_RETURN(int64_t to, OffsetOf(end));
  std::vector<types::BatchPtr> out;
  if (to <= from) return out;
  std::lock_guard<std::mutex> lock(mu_);
  FixNumbering(from);
  int64_t last = first_offset_ + static_cast<int64_t>(lines_.size()) - 1;
  if (from + 1 < first_offset_ || to > last) {
    return Status::ExecutionError("socket source " + Where() + ": lines " + std::to_string(from + 1) + " to " +
                                  std::to_string(to) + " are not available (this connection has lines " +
                                  std::to_string(first_offset_) + " to " + std::to_string(last) +
                                  "); the socket source is not fault tolerant and cannot replay a batch after a "
                                  "restart");
  }
  int64_t count = to - from;
  int64_t partitions = std::min<int64_t>(config_.num_partitions, count);
  types::SchemaPtr schema = Schema(config_.include_timestamp);
  for (int64_t p = 0; p < partitions; ++p) {
    auto values = std::make_shared<types::Column>(types::DataType::String());
    int64_t rows = (count - p + partitions - 1) / partitions;
    values->Reserve(rows);
    types::ColumnPtr times;
    if (config_.include_timestamp) times = std::make_shared<types::Column>(types::DataType::Timestamp());
    // Spark's slicing: line i of the batch goes to partition i % numPartitions.
    for (int64_t i = p; i < count; i += partitions) {
      size_t k = static_cast<size_t>(from + 1 + i - first_offset_);
      values->AppendString(lines_[k]);
      if (times) times->AppendInt64(timestamps_[k]);
    }
    std::vector<types::ColumnPtr> columns{values};
    if (times) columns.push_back(times);
    out.push_back(std::make_shared<types::Batch>(schema, std::move(columns), rows));
  }
  return out;
}

void SocketSource::Commit(const Offset& end) {
  Result<int64_t> to = OffsetOf(end);
  if (!to.ok()) return;
  std::lock_guard<std::mutex> lock(mu_);
  while (!lines_.empty() && first_offset_ <= *to) {
    lines_.pop_front();
    timestamps_.pop_front();
    ++first_offset_;
  }
  if (lines_.empty() && first_offset_ <= *to) first_offset_ = *to + 1;
}

void SocketSource::Stop() {
  if (stopping_.exchange(true)) return;
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);  // wakes the reader's recv
  if (reader_.joinable()) reader_.join();
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

int64_t SocketSource::TEST_lines_received() const {
  std::lock_guard<std::mutex> lock(mu_);
  return received_;
}

namespace {

Status RejectUserSchema(const ConnectorContext& ctx) {
  if (ctx.user_schema == nullptr) return Status::OK();
  return Status::AnalysisError("The socket source does not support a user-specified schema. Its schema is " +
                               std::string("value STRING (plus timestamp TIMESTAMP with includeTimestamp)"));
}

}  // namespace

Result<types::SchemaPtr> SocketSourceSchema(const ConnectorOptions& options, const ConnectorContext& ctx) {
  SLUICE_RETURN_IF_ERROR(RejectUserSchema(ctx));
  return SocketSource::Schema(options.GetBool("includeTimestamp").value_or(false));
}

Result<std::unique_ptr<Source>> CreateSocketSource(const ConnectorOptions& options, const ConnectorContext& ctx) {
  SLUICE_RETURN_IF_ERROR(RejectUserSchema(ctx));
  SocketSourceConfig config;
  config.host = options.GetString("host").value_or("");
  if (config.host.empty()) return Status::InvalidArgument("Set a host to read from with option(\"host\", ...).");
  config.port = static_cast<int>(options.GetLong("port").value_or(0));
  config.include_timestamp = options.GetBool("includeTimestamp").value_or(false);
  if (auto partitions = options.GetLong("numPartitions")) {
    config.num_partitions = static_cast<int>(*partitions);
  } else {
    config.num_partitions = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<SocketSource> source, SocketSource::Make(config, ctx.clock));
  return std::unique_ptr<Source>(std::move(source));
}

}  // namespace sluice::connectors
