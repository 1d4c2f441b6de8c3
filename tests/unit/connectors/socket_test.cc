#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "file_test_util.h"
#include "sluice/connectors/registry.h"
#include "sluice/connectors/socket/socket_source.h"
#include "test_util.h"

namespace sluice::connectors {
namespace {

using testing::Ctx;
using testing::RowStrings;
using Lines = std::vector<std::string>;

// A TCP server on 127.0.0.1 (an ephemeral port) that accepts one client.
class LocalServer {
 public:
  LocalServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(::listen(listen_fd_, 1), 0);
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~LocalServer() {
    CloseClient();
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }
  int port() const { return port_; }
  void Accept() { client_fd_ = ::accept(listen_fd_, nullptr, nullptr); }
  void Send(const std::string& text) { ASSERT_EQ(::send(client_fd_, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size())); }
  void CloseClient() {
    if (client_fd_ >= 0) ::close(client_fd_);
    client_fd_ = -1;
  }

 private:
  int listen_fd_ = -1;
  int client_fd_ = -1;
  int port_ = 0;
};

std::unique_ptr<SocketSource> Connect(LocalServer* server, std::map<std::string, std::string> extra = {},
                                      const Clock* clock = nullptr) {
  extra["host"] = "127.0.0.1";
  extra["port"] = std::to_string(server->port());
  if (extra.count("numPartitions") == 0) extra["numPartitions"] = "1";
  ConnectorContext ctx = Ctx(extra);
  ctx.clock = clock;
  auto r = CreateSource("socket", ctx);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  server->Accept();
  if (!r.ok()) return nullptr;
  return std::unique_ptr<SocketSource>(static_cast<SocketSource*>(r->release()));
}

void WaitForLines(const SocketSource& source, int64_t n) {
  for (int i = 0; i < 500 && source.TEST_lines_received() < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(source.TEST_lines_received(), n);
}

TEST(SocketSourceTest, ReadsLinesAsOffsets) {
  LocalServer server;
  auto source = Connect(&server);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->Description(), "TextSocketV2[host: 127.0.0.1, port: " + std::to_string(server.port()) + "]");
  EXPECT_EQ(source->schema()->ToString(), "value STRING");
  ASSERT_OK_AND_ASSIGN(Offset nothing, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_TRUE(nothing.is_null());
  server.Send("hello\nworld\r\nsplit ");
  server.Send("line\rlast\n");
  WaitForLines(*source, 4);
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(end, Offset(3));
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), end));
  EXPECT_EQ(RowStrings(batches), (Lines{"hello", "world", "split line", "last"}));
  // Replays work until the commit, which drops the lines.
  ASSERT_OK_AND_ASSIGN(auto again, source->GetBatch(Offset(1), end));
  EXPECT_EQ(RowStrings(again), (Lines{"split line", "last"}));
  source->Commit(end);
  auto gone = source->GetBatch(Offset(), end);
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.status().message().find("not fault tolerant"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(Offset same, source->LatestOffset(end, ReadLimit{}));
  EXPECT_EQ(same, end);
  server.Send("more\n");
  WaitForLines(*source, 5);
  ASSERT_OK_AND_ASSIGN(Offset next, source->LatestOffset(end, ReadLimit{}));
  EXPECT_EQ(next, Offset(4));
  ASSERT_OK_AND_ASSIGN(auto more, source->GetBatch(end, next));
  EXPECT_EQ(RowStrings(more), (Lines{"more"}));
  source->Stop();
  source->Stop();  // idempotent
}

// The reader thread announces lines as they arrive, and the end of the connection,
// so a query need not wait for its next poll.
TEST(SocketSourceTest, DataListenerHearsOfLinesAndOfTheClose) {
  LocalServer server;
  auto source = Connect(&server);
  ASSERT_NE(source, nullptr);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<int64_t> lines_at_call;  // lines received when each call ran
  source->SetDataListener([&] {
    std::lock_guard<std::mutex> lock(mu);
    lines_at_call.push_back(source->TEST_lines_received());
    cv.notify_all();
  });
  auto wait_for_calls = [&](size_t n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(5), [&] { return lines_at_call.size() >= n; });
  };
  server.Send("a\nb\n");
  ASSERT_TRUE(wait_for_calls(1));
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_GE(lines_at_call.back(), 1);  // the lines are there when it runs
  }
  server.Send("partial");  // no complete line: no call
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  size_t before_close;
  {
    std::lock_guard<std::mutex> lock(mu);
    before_close = lines_at_call.size();
    EXPECT_EQ(lines_at_call.back(), 2);
  }
  server.CloseClient();  // delivers "partial" and ends the connection
  ASSERT_TRUE(wait_for_calls(before_close + 1));
  source->Stop();
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(lines_at_call.back(), 3);
}

TEST(SocketSourceTest, TimestampsAndPartitions) {
  LocalServer server;
  ManualClock clock(1704103200123456);
  auto source = Connect(&server, {{"includeTimestamp", "true"}, {"numPartitions", "2"}}, &clock);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->schema()->ToString(), "value STRING, timestamp TIMESTAMP");
  server.Send("a\nb\nc\n");
  WaitForLines(*source, 3);
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), end));
  ASSERT_EQ(batches.size(), 2u);  // Spark's round-robin slicing
  EXPECT_EQ(RowStrings({batches[0]}), (Lines{"a|2024-01-01 10:00:00.123", "c|2024-01-01 10:00:00.123"}));
  EXPECT_EQ(RowStrings({batches[1]}), (Lines{"b|2024-01-01 10:00:00.123"}));
}

TEST(SocketSourceTest, ClosedConnectionDeliversThenFails) {
  LocalServer server;
  auto source = Connect(&server);
  ASSERT_NE(source, nullptr);
  server.Send("x\ny");  // the last line needs no newline
  server.CloseClient();
  WaitForLines(*source, 2);
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(), ReadLimit{}));
  EXPECT_EQ(end, Offset(1));
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(), end));
  EXPECT_EQ(RowStrings(batches), (Lines{"x", "y"}));
  // Once the reader has seen the end of the stream, the next trigger fails.
  Result<Offset> closed = source->LatestOffset(end, ReadLimit{});
  for (int i = 0; i < 500 && closed.ok(); ++i) {
    EXPECT_EQ(*closed, end);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    closed = source->LatestOffset(end, ReadLimit{});
  }
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.status().code(), StatusCode::kExecutionError);
  EXPECT_NE(closed.status().message().find("socket source 127.0.0.1:" + std::to_string(server.port()) +
                                           ": connection closed by the server after 2 lines"),
            std::string::npos)
      << closed.status().message();
}

TEST(SocketSourceTest, RestartContinuesTheCheckpointNumbering) {
  LocalServer server;
  auto source = Connect(&server);
  ASSERT_NE(source, nullptr);
  server.Send("after restart\n");
  WaitForLines(*source, 1);
  // The checkpoint says lines up to offset 41 were committed by the previous run.
  ASSERT_OK_AND_ASSIGN(Offset end, source->LatestOffset(Offset(41), ReadLimit{}));
  EXPECT_EQ(end, Offset(42));
  ASSERT_OK_AND_ASSIGN(auto batches, source->GetBatch(Offset(41), end));
  EXPECT_EQ(RowStrings(batches), (Lines{"after restart"}));
  // An uncommitted batch of the previous run cannot be replayed.
  auto replay = source->GetBatch(Offset(41), Offset(50));
  ASSERT_FALSE(replay.ok());
  EXPECT_NE(replay.status().message().find("cannot replay a batch after a restart"), std::string::npos);
}

TEST(SocketSourceTest, StartErrors) {
  int port;
  {
    LocalServer closed;  // bound and listening, then gone: nothing listens on the port
    port = closed.port();
  }
  auto refused = CreateSource("socket", Ctx({{"host", "localhost"}, {"port", std::to_string(port)}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kIOError);
  EXPECT_NE(refused.status().message().find("socket source localhost:" + std::to_string(port) +
                                            ": cannot connect: Connection refused"),
            std::string::npos)
      << refused.status().message();
  auto no_host = CreateSource("socket", Ctx({{"port", "9999"}}));
  ASSERT_FALSE(no_host.ok());
  EXPECT_NE(no_host.status().message().find("option 'host' of source 'socket' is required"), std::string::npos);
  auto bad_port = CreateSource("socket", Ctx({{"host", "localhost"}, {"port", "http"}}));
  ASSERT_FALSE(bad_port.ok());
  EXPECT_NE(bad_port.status().message().find("Invalid value 'http' for option 'port'"), std::string::npos);
  auto big_port = CreateSource("socket", Ctx({{"host", "localhost"}, {"port", "70000"}}));
  ASSERT_FALSE(big_port.ok());
  EXPECT_NE(big_port.status().message().find("port 70000 is out of range"), std::string::npos);
  auto schema = CreateSource("socket", Ctx({{"host", "localhost"}, {"port", "1"}}, "value STRING"));
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("The socket source does not support a user-specified schema"),
            std::string::npos);
  ASSERT_OK_AND_ASSIGN(auto fixed, SourceSchema("socket", Ctx({{"host", "h"}, {"port", "1"}, {"includeTimestamp", "true"}})));
  EXPECT_EQ(fixed->ToString(), "value STRING, timestamp TIMESTAMP");
}

}  // namespace
}  // namespace sluice::connectors
