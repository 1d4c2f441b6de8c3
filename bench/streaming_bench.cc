// End-to-end micro-batch benchmarks: rows/s through real streaming queries (memory
// source of pre-built batches -> plan -> counting sink), and the fixed cost of an
// empty micro-batch with its checkpoint writes, and the latency from the watermark
// passing a window's end to that window's rows reaching the sink under a paced input.
// Prints a markdown report; run by bench/run.sh, which writes it to docs/benchmarks.md.
// Flags: --quick (smaller runs), --only a..g (one benchmark), --detail ((g)'s per-window
// and per-batch breakdown), --conf key=value (an extra session setting for every query,
// repeatable), --g-rate rows/s and --g-seconds s (vary (g) for experiments).
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sluice/checkpoint/uuid.h"
#include "sluice/common/allocator_tuning.h"
#include "sluice/common/clock.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/streaming_query.h"
#include "sluice/sql/parser.h"

namespace sluice::bench {
namespace {

// Extra session settings for every benchmark query (`--conf key=value`, repeatable),
// to measure what a setting changes.
std::vector<std::pair<std::string, std::string>>& ExtraConf() {
  static std::vector<std::pair<std::string, std::string>> conf;
  return conf;
}

// Counts rows; keeps nothing.
class CountingSink : public connectors::Sink {
 public:
  Status AddBatch(int64_t, const std::vector<types::BatchPtr>& partitions, OutputMode) override {
    for (const auto& b : partitions) rows_ += b->num_rows();
    return Status::OK();
  }
  std::string Description() const override { return "CountingSink"; }
  int64_t rows_ = 0;
};

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Result {
  double seconds = 0;
  int64_t input_rows = 0;
  int64_t output_rows = 0;
  int64_t state_rows = 0;
  int64_t state_bytes = 0;
};

// Runs `sql` over `num_batches` pre-built batches of `rows_per_batch` rows; `make`
// fills batch i. All batches are added before the query starts, and every batch is
// its own input partition, so one micro-batch processes them in parallel.
template <typename Make>
Result RunQuery(const std::string& sql, const std::string& schema_text, const std::string& mode, int num_batches,
                int64_t rows_per_batch, Make make, int repeats, int partitions = 2) {
  Result best;
  best.seconds = 1e30;
  for (int r = 0; r < repeats; ++r) {
    auto catalog = std::make_shared<runtime::SessionCatalog>();
    Config conf;
    conf.Set("spark.sql.shuffle.partitions", std::to_string(partitions));
    for (const auto& [k, v] : ExtraConf()) conf.Set(k, v);
    auto schema = std::make_shared<types::Schema>(types::Schema::Parse(schema_text).value());
    connectors::MemoryStreamRegistry::Global().Remove("events");
    if (!catalog->AddSource("events", "memory", {}, schema, true, conf).ok()) std::abort();
    auto stream = connectors::MemoryStreamRegistry::Global().Find("events");
    for (int i = 0; i < num_batches; ++i) (void)stream->AddBatch(make(schema, i, rows_per_batch));
    auto query_ast = sql::ParseQuery(sql);
    if (!query_ast.ok()) {
      std::cerr << query_ast.status().ToString() << "\n";
      std::abort();
    }
    auto logical = plan::QueryToLogicalPlan(**query_ast).value();
    runtime::QueryOptions options;
    options.output_mode = ParseOutputMode(mode).value();
    options.conf = conf;
    auto sink = std::make_shared<CountingSink>();
    options.sink = sink;
    options.checkpoint_location =
        (std::filesystem::temp_directory_path() / ("sluice-bench-" + checkpoint::NewUuid())).string();
    auto q = runtime::StreamingQuery::Create(logical, catalog, options);
    if (!q.ok()) {
      std::cerr << q.status().ToString() << "\n";
      std::abort();
    }
    double t0 = NowSeconds();
    Status s = (*q)->RunUntilIdle();
    double t1 = NowSeconds();
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      std::abort();
    }
    Result res;
    res.seconds = t1 - t0;
    res.input_rows = num_batches * rows_per_batch;
    res.output_rows = sink->rows_;
    auto progress = (*q)->LastProgressWithData();
    if (progress && !(*progress)["stateOperators"].empty()) {
      res.state_rows = (*progress)["stateOperators"][0]["numRowsTotal"].get<int64_t>();
      res.state_bytes = (*progress)["stateOperators"][0]["memoryUsedBytes"].get<int64_t>();
    }
    (*q)->Stop();
    std::filesystem::remove_all(options.checkpoint_location);
    if (res.seconds < best.seconds) best = res;
  }
  return best;
}

types::BatchPtr MakeValues(const types::SchemaPtr& schema, int batch, int64_t rows, int64_t key_space) {
  auto value = std::make_shared<types::Column>(types::DataType::Bigint());
  value->Resize(rows);
  auto key = std::make_shared<types::Column>(types::DataType::Bigint());
  key->Resize(rows);
  int64_t* v = value->data<int64_t>();
  int64_t* k = key->data<int64_t>();
  uint64_t x = 88172645463325252ULL + batch;
  for (int64_t i = 0; i < rows; ++i) {
    v[i] = batch * rows + i;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    k[i] = static_cast<int64_t>(x % static_cast<uint64_t>(key_space));
  }
  return std::make_shared<types::Batch>(schema, std::vector<types::ColumnPtr>{value, key}, rows);
}

// Event-time rows: `key` over `key_space` keys, `ts` advancing 1 s of event time per
// `rows_per_second` rows (in order), continuing across batches.
types::BatchPtr MakeEvents(const types::SchemaPtr& schema, int batch, int64_t rows, int64_t key_space,
                           int64_t rows_per_second) {
  auto key = std::make_shared<types::Column>(types::DataType::Bigint());
  key->Resize(rows);
  auto ts = std::make_shared<types::Column>(types::DataType::Timestamp());
  ts->Resize(rows);
  int64_t* k = key->data<int64_t>();
  int64_t* t = ts->data<int64_t>();
  for (int64_t i = 0; i < rows; ++i) {
    int64_t n = batch * rows + i;
    k[i] = (n * 7919) % key_space;
    t[i] = n * 1000000 / rows_per_second;
  }
  return std::make_shared<types::Batch>(schema, std::vector<types::ColumnPtr>{key, ts}, rows);
}

// ---------------------------------------------------------------------------------
// (g) Watermark-to-sink latency under a paced input.

int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// CPU time of the calling thread.
int64_t ThreadCpuMicros() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

// The system clock, observed: remembers the steady time of the last NowMicros call
// (StreamingQuery::Step reads the clock once when a trigger starts, so inside the
// progress listener that is the batch's start). Behaves exactly like SystemClock.
// Only the query thread calls it.
class ObservedClock : public Clock {
 public:
  int64_t NowMicros() const override {
    last_now_steady_ = SteadyMicros();
    last_now_cpu_ = ThreadCpuMicros();
    return SystemClock::Default()->NowMicros();
  }
  void SleepUntil(int64_t deadline_micros, const std::atomic<bool>* stop) const override {
    SystemClock::Default()->SleepUntil(deadline_micros, stop);
  }
  int64_t last_now_steady() const { return last_now_steady_; }
  int64_t last_now_cpu() const { return last_now_cpu_; }

 private:
  mutable int64_t last_now_steady_ = 0;
  mutable int64_t last_now_cpu_ = 0;
};

// Records, per window end (event-time micros), when its rows first reached the sink.
// Output columns: key, window (struct start, end), n.
class WindowTimingSink : public connectors::Sink {
 public:
  struct Arrival {
    int64_t steady_us = 0;
    int64_t batch_id = 0;
  };
  Status AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode) override {
    int64_t now = SteadyMicros();
    for (const auto& b : partitions) {
      if (b->num_rows() == 0) continue;
      rows_ += b->num_rows();
      const types::Column& window = *b->column(1);
      if (window.type_id() != types::TypeId::kStruct) return Status::InvalidArgument("column 1 must be the window struct");
      const int64_t* end = window.child(1)->data<int64_t>();
      int64_t last = INT64_MIN;
      for (int64_t i = 0; i < b->num_rows(); ++i) {
        if (end[i] == last) continue;
        last = end[i];
        first_arrival_.try_emplace(last, Arrival{now, batch_id});
      }
    }
    return Status::OK();
  }
  std::string Description() const override { return "WindowTimingSink"; }
  std::map<int64_t, Arrival> first_arrival_;
  int64_t rows_ = 0;
};

struct BatchRecord {
  int64_t id = 0;
  int64_t start_us = 0, end_us = 0;  // steady micros: trigger start, end of the batch
  int64_t end_offset = -1;           // the memory stream offset the batch read up to
  int64_t cpu_us = 0;                // CPU time of the query thread in the batch
  int64_t input_rows = 0;
  int64_t trigger_ms = 0, add_batch_ms = 0, commit_ms = 0, state_commit_ms = 0;  // progress durationMs
  int64_t state_updated = 0;
};

struct LatencyResult {
  std::vector<double> latency_ms;   // per measured window, from the append of the row that moves the watermark
  std::vector<double> commit_to_sink_ms;  // per measured window, from the end of the batch raising the watermark
  std::vector<double> pickup_ms;    // watermark pass -> start of the batch that reads that row
  std::vector<double> advance_ms;   // that batch's duration (it computes the new watermark)
  std::vector<double> gap_ms;       // its end -> start of the batch that emits the window
  std::vector<double> emit_ms;      // emitting batch start -> sink
  std::vector<std::string> detail;  // one line per measured window
  std::vector<std::string> slowest; // the slowest micro-batches, one line each
  int missing = 0;                  // windows passed but never emitted
  std::vector<double> batch_ms;     // every micro-batch's wall time (trigger start -> progress)
  // Means over the batches of the run, ms: query-thread CPU, execute + sink
  // (addBatch), state commit, commit log (+ purge), offset log (outside RunBatch).
  double mean_wall = 0, mean_cpu = 0, mean_add_batch = 0, mean_state_commit = 0, mean_commit_log = 0,
         mean_offset_log = 0, mean_rows = 0, mean_state_updated = 0;
  int64_t batches = 0, no_data_batches = 0;
  double rows_per_second = 0;
  double seconds = 0;
};

// What one paced run recorded; all times are steady-clock micros.
struct LatencyTrace {
  struct Pass {
    int64_t steady_us = 0;  // when the row that moved the watermark past the window end was appended
    int64_t offset = 0;     // the memory-stream offset holding that row
  };
  std::vector<Pass> pass;  // index k: the window ending at e0 + (k + 1) s
  std::map<int64_t, WindowTimingSink::Arrival> arrivals;  // by window end (event time)
  std::vector<BatchRecord> records;                       // in batch order
  int64_t e0 = 0;                                         // event time at `start`
  int64_t start = 0, produced_until = 0;
  int64_t produced = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

LatencyResult AnalyzeLatency(const LatencyTrace& trace, int warmup);

// Runs the windowed count with the engine's own query thread (Start, default trigger)
// while a producer appends 1,000 rows per millisecond of wall-clock time, each chunk
// stamped with the time it is appended. For every window W the watermark passes W's
// end when the first row with event time >= end + 4 s is appended; the latency is the
// time from that append to the sink receiving W's rows. The first `warmup` windows
// are not measured. `rows_per_second` is 1 M for the reported figure.
LatencyResult RunWatermarkLatency(double seconds, int warmup, int64_t rows_per_second) {
  constexpr int64_t kKeys = 10000;
  constexpr int64_t kDelayMicros = 4000000;
  constexpr int64_t kWindowMicros = 1000000;
  auto catalog = std::make_shared<runtime::SessionCatalog>();
  Config conf;
  conf.Set("spark.sql.shuffle.partitions", "1");
  for (const auto& [k, v] : ExtraConf()) conf.Set(k, v);
  auto schema = std::make_shared<types::Schema>(types::Schema::Parse("key BIGINT, ts TIMESTAMP").value());
  connectors::MemoryStreamRegistry::Global().Remove("events");
  if (!catalog->AddSource("events", "memory", {}, schema, true, conf).ok()) std::abort();
  auto stream = connectors::MemoryStreamRegistry::Global().Find("events");
  auto logical = plan::QueryToLogicalPlan(**sql::ParseQuery(
                                              "SELECT key, window, count(*) AS n FROM events WATERMARK ts DELAY OF "
                                              "INTERVAL 4 SECONDS GROUP BY window(ts, '1 second'), key"))
                     .value();
  ObservedClock clock;
  runtime::QueryOptions options;
  options.output_mode = OutputMode::kAppend;
  options.conf = conf;
  options.clock = &clock;
  auto sink = std::make_shared<WindowTimingSink>();
  options.sink = sink;
  options.checkpoint_location =
      (std::filesystem::temp_directory_path() / ("sluice-bench-" + checkpoint::NewUuid())).string();
  auto created = runtime::StreamingQuery::Create(logical, catalog, options);
  if (!created.ok()) {
    std::cerr << created.status().ToString() << "\n";
    std::abort();
  }
  auto q = *created;
  std::vector<BatchRecord> records;
  records.reserve(1 << 16);
  q->SetProgressListener([&](const runtime::ProgressJson& p) {
    BatchRecord r;
    r.end_us = SteadyMicros();
    r.cpu_us = ThreadCpuMicros() - clock.last_now_cpu();
    r.start_us = clock.last_now_steady();
    r.id = p["batchId"].get<int64_t>();
    r.input_rows = p["numInputRows"].get<int64_t>();
    const auto& end = p["sources"][0]["endOffset"];
    if (end.is_number_integer()) r.end_offset = end.get<int64_t>();
    r.trigger_ms = p["durationMs"]["triggerExecution"].get<int64_t>();
    r.add_batch_ms = p["durationMs"]["addBatch"].get<int64_t>();
    r.commit_ms = p["durationMs"]["commitOffsets"].get<int64_t>();
    if (!p["stateOperators"].empty()) {
      r.state_commit_ms = p["stateOperators"][0]["commitTimeMs"].get<int64_t>();
      r.state_updated = p["stateOperators"][0]["numRowsUpdated"].get<int64_t>();
    }
    records.push_back(r);
  });

  // Event time = e0 + (steady now - start): windows align to whole seconds of e0.
  LatencyTrace trace;
  const int64_t e0 = SystemClock::Default()->NowMicros() / kWindowMicros * kWindowMicros;
  trace.e0 = e0;
  auto& pass = trace.pass;
  int64_t& produced = trace.produced;
  if (!q->Start().ok()) std::abort();
  const int64_t start = SteadyMicros();
  trace.start = start;
  const int64_t stop_at = start + static_cast<int64_t>(seconds * 1e6);
  std::thread producer([&] {
    auto tick = std::chrono::steady_clock::now();
    while (true) {
      tick += std::chrono::milliseconds(1);
      std::this_thread::sleep_until(tick);
      int64_t now = SteadyMicros();
      if (now >= stop_at) break;
      int64_t due = (now - start) * rows_per_second / 1000000;
      int64_t n = due - produced;
      if (n <= 0) continue;
      auto key = std::make_shared<types::Column>(types::DataType::Bigint());
      key->Resize(n);
      auto ts = std::make_shared<types::Column>(types::DataType::Timestamp());
      ts->Resize(n);
      int64_t* k = key->data<int64_t>();
      int64_t* t = ts->data<int64_t>();
      for (int64_t i = 0; i < n; ++i) k[i] = ((produced + i) * 7919) % kKeys;
      int64_t stamp = SteadyMicros();
      std::fill(t, t + n, e0 + (stamp - start));
      auto offset = stream->AddBatch(std::make_shared<types::Batch>(schema, std::vector<types::ColumnPtr>{key, ts}, n));
      if (!offset.ok()) std::abort();
      produced += n;
      // The watermark (max event time - 4 s) now passes every window end <= stamp - 4 s.
      while (static_cast<int64_t>(pass.size() + 1) * kWindowMicros + kDelayMicros <= stamp - start) {
        pass.push_back({stamp, *offset});
      }
    }
  });
  producer.join();
  trace.produced_until = SteadyMicros();
  // Let the last passed windows reach the sink (a healthy run needs a few ms).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  q->Stop();
  if (!q->exception().ok()) {
    std::cerr << q->exception().ToString() << "\n";
    std::abort();
  }
  std::filesystem::remove_all(options.checkpoint_location);
  connectors::MemoryStreamRegistry::Global().Remove("events");
  trace.arrivals = std::move(sink->first_arrival_);
  trace.records = std::move(records);
  return AnalyzeLatency(trace, warmup);
}

// Latency per window after the first `warmup` ones, its parts, and batch statistics.
LatencyResult AnalyzeLatency(const LatencyTrace& trace, int warmup) {
  constexpr int64_t kWindowMicros = 1000000;
  const auto& records = trace.records;
  const auto& pass = trace.pass;
  const int64_t start = trace.start, produced_until = trace.produced_until, produced = trace.produced;
  LatencyResult res;
  res.seconds = (produced_until - start) / 1e6;
  res.rows_per_second = produced / res.seconds;
  for (const auto& r : records) {
    if (r.end_us > produced_until) break;  // the drain after the producer stopped
    ++res.batches;
    if (r.input_rows == 0) ++res.no_data_batches;
    double wall = (r.end_us - r.start_us) / 1e3;
    res.batch_ms.push_back(wall);
    res.mean_wall += wall;
    res.mean_cpu += r.cpu_us / 1e3;
    res.mean_add_batch += r.add_batch_ms;
    res.mean_state_commit += r.state_commit_ms;
    res.mean_commit_log += r.commit_ms - r.state_commit_ms;
    res.mean_offset_log += wall - r.trigger_ms;
    res.mean_rows += r.input_rows;
    res.mean_state_updated += r.state_updated;
  }
  {
    std::vector<const BatchRecord*> by_wall;
    for (const auto& r : records) {
      if (r.end_us <= produced_until) by_wall.push_back(&r);
    }
    size_t top = std::min<size_t>(8, by_wall.size());
    std::partial_sort(by_wall.begin(), by_wall.begin() + top, by_wall.end(),
                      [](const BatchRecord* x, const BatchRecord* y) { return x->end_us - x->start_us > y->end_us - y->start_us; });
    for (size_t i = 0; i < top; ++i) {
      const BatchRecord& r = *by_wall[i];
      char line[256];
      std::snprintf(line, sizeof(line), "| %lld | %.1f | %.2f | %.2f | %lld | %lld | %lld | %lld | %lld |",
                    static_cast<long long>(r.id), (r.start_us - start) / 1e6, (r.end_us - r.start_us) / 1e3,
                    r.cpu_us / 1e3, static_cast<long long>(r.input_rows), static_cast<long long>(r.add_batch_ms),
                    static_cast<long long>(r.state_commit_ms), static_cast<long long>(r.commit_ms - r.state_commit_ms),
                    static_cast<long long>(r.state_updated));
      res.slowest.push_back(line);
    }
  }
  if (res.batches > 0) {
    for (double* m : {&res.mean_wall, &res.mean_cpu, &res.mean_add_batch, &res.mean_state_commit, &res.mean_commit_log,
                      &res.mean_offset_log, &res.mean_rows, &res.mean_state_updated}) {
      *m /= static_cast<double>(res.batches);
    }
  }
  std::map<int64_t, size_t> by_id;
  for (size_t i = 0; i < records.size(); ++i) by_id[records[i].id] = i;
  for (size_t w = static_cast<size_t>(warmup); w < pass.size(); ++w) {
    int64_t window_end = trace.e0 + static_cast<int64_t>(w + 1) * kWindowMicros;
    auto it = trace.arrivals.find(window_end);
    if (it == trace.arrivals.end()) {
      ++res.missing;
      continue;
    }
    double latency = (it->second.steady_us - pass[w].steady_us) / 1e3;
    res.latency_ms.push_back(latency);
    // Decompose: batch A reads the passing row; batch B (the emitting one) runs after
    // A's commit raised the watermark.
    const BatchRecord* a = nullptr;
    for (const auto& r : records) {
      if (r.end_offset >= pass[w].offset) {
        a = &r;
        break;
      }
    }
    auto b_it = by_id.find(it->second.batch_id);
    char line[256];
    if (a && b_it != by_id.end()) {
      const BatchRecord& b = records[b_it->second];
      double pickup = (a->start_us - pass[w].steady_us) / 1e3, advance = (a->end_us - a->start_us) / 1e3;
      double gap = (b.start_us - a->end_us) / 1e3, emit = (it->second.steady_us - b.start_us) / 1e3;
      res.pickup_ms.push_back(pickup);
      res.advance_ms.push_back(advance);
      res.gap_ms.push_back(gap);
      res.emit_ms.push_back(emit);
      res.commit_to_sink_ms.push_back(gap + emit);
      std::snprintf(line, sizeof(line),
                    "| %zu | %.2f | %.2f | %.2f (batch %lld, %lld rows) | %.2f | %.2f (batch %lld, %lld rows) |", w + 1,
                    latency, pickup, advance, static_cast<long long>(a->id), static_cast<long long>(a->input_rows),
                    gap, emit, static_cast<long long>(b.id), static_cast<long long>(b.input_rows));
    } else {
      std::snprintf(line, sizeof(line), "| %zu | %.2f | ? | ? | ? | ? |", w + 1, latency);
    }
    res.detail.push_back(line);
  }
  return res;
}

std::string MachineDescription() {
  std::ifstream cpu("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(cpu, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::ostringstream out;
  out << model << ", " << std::thread::hardware_concurrency() << " cores";
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  out << ", " << (pages * page) / (1024 * 1024 * 1024) << " GiB RAM";
  return out.str();
}

}  // namespace
}  // namespace sluice::bench

int main(int argc, char** argv) {
  using namespace sluice::bench;
  sluice::TuneAllocatorForBatches();
  bool quick = false;
  bool detail = false;  // --detail: (g)'s per-window latency breakdown
  std::string only;     // --only a|b|c|d|e|f|g runs one benchmark (for profiling)
  int64_t g_rate = 1000000;  // --g-rate N: (g)'s input rows per second (experiments)
  double g_seconds = 0;      // --g-seconds S: (g)'s run time (default 20, --quick 10)
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--conf" && i + 1 < argc) {
      std::string kv = argv[++i];
      size_t eq = kv.find('=');
      if (eq == std::string::npos) {
        std::cerr << "--conf takes key=value; got '" << kv << "'\n";
        return 2;
      }
      ExtraConf().emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    if (arg == "--quick") quick = true;
    if (arg == "--detail") detail = true;
    if (arg == "--g-rate" && i + 1 < argc) g_rate = std::atoll(argv[++i]);
    if (arg == "--g-seconds" && i + 1 < argc) g_seconds = std::atof(argv[++i]);
    if (arg == "--only" && i + 1 < argc) only = argv[++i];
  }
  if (!only.empty() && (only.size() != 1 || only[0] < 'a' || only[0] > 'g')) {
    std::cerr << "--only takes one of a, b, c, d, e, f, g; got '" << only << "'\n";
    return 2;
  }
  auto wanted = [&](const char* name) { return only.empty() || only == name; };
  int repeats = quick ? 1 : 3;
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::string schema = "value BIGINT, key BIGINT";
  int64_t rows = quick ? 200000 : 1000000;
  int batches = quick ? 4 : 20;

  bool throughput = wanted("a") || wanted("b") || wanted("c");
  if (throughput) std::printf("| benchmark | rows | seconds | rows/s | rows/s per core |\n|---|---|---|---|---|\n");
  auto report1 = [&](const char* name, const Result& r) {
    double rate = r.input_rows / r.seconds;
    std::printf("| %s | %lld | %.3f | %.1f M | %.1f M |\n", name, static_cast<long long>(r.input_rows), r.seconds,
                rate / 1e6, rate / 1e6);
  };
  auto report = [&](const char* name, const Result& r) {
    double rate = r.input_rows / r.seconds;
    std::printf("| %s | %lld | %.3f | %.1f M | %.1f M |\n", name, static_cast<long long>(r.input_rows), r.seconds,
                rate / 1e6, rate / 1e6 / cores);
  };
  Result a, b, c;
  if (wanted("a")) a = RunQuery("SELECT value, value * 2 AS doubled FROM events WHERE value % 2 = 0", schema, "append", batches, rows,
                    [](const sluice::types::SchemaPtr& s, int b, int64_t n) { return MakeValues(s, b, n, 10); }, repeats);
  if (wanted("a")) report("(a) filter + project, append", a);
  if (wanted("b")) b = RunQuery("SELECT key, count(*) AS n, sum(value) AS total FROM events GROUP BY key", schema, "update", batches,
                    rows, [](const sluice::types::SchemaPtr& s, int bt, int64_t n) { return MakeValues(s, bt, n, 10000); },
                    repeats);
  if (wanted("b")) report("(b) GROUP BY 10,000 keys, count + sum, update", b);
  // (c) is dominated by state commits; one run of half the rows keeps the suite short.
  if (wanted("c")) c = RunQuery("SELECT key, count(*) AS n, sum(value) AS total FROM events GROUP BY key", schema, "update",
                    std::max(1, batches / 2), rows,
                    [](const sluice::types::SchemaPtr& s, int bt, int64_t n) { return MakeValues(s, bt, n, 1000000); },
                    1);
  if (wanted("c")) report("(c) GROUP BY 1,000,000 keys, count + sum, update", c);
  if (wanted("c")) std::printf("\nState after (c): %lld keys, %lld bytes reported by the state store (%.0f bytes per key).\n",
              static_cast<long long>(c.state_rows), static_cast<long long>(c.state_bytes),
              c.state_rows ? static_cast<double>(c.state_bytes) / c.state_rows : 0.0);

  // (e), (f): windowed aggregations on ONE core (one partition, one input partition per
  // batch processed on one thread): in-order events at 1M rows per second of event time.
  if (wanted("e") || wanted("f")) {
    const std::string ev_schema = "key BIGINT, ts TIMESTAMP";
    Result e, f;
    std::printf("\n| windowed benchmark (one core) | rows | seconds | rows/s | rows/s per core |\n|---|---|---|---|---|\n");
    if (wanted("e")) {
      e = RunQuery("SELECT key, window, count(*) AS n FROM events WATERMARK ts DELAY OF INTERVAL 4 SECONDS "
                   "GROUP BY window(ts, '1 second'), key",
                   ev_schema, "append", batches, rows,
                   [](const sluice::types::SchemaPtr& s, int bt, int64_t n) { return MakeEvents(s, bt, n, 10000, 1000000); },
                   repeats, 1);
      report1("(e) tumbling 1 s window count, 10,000 keys, watermark 4 s, append, 1 core", e);
    }
    if (wanted("f")) {
      f = RunQuery("SELECT key, window, sum(key) AS total FROM events WATERMARK ts DELAY OF INTERVAL 4 SECONDS "
                   "GROUP BY window(ts, '10 seconds', '1 second'), key",
                   ev_schema, "append", std::max(1, batches / 4), rows,
                   [](const sluice::types::SchemaPtr& s, int bt, int64_t n) { return MakeEvents(s, bt, n, 10000, 1000000); },
                   1, 1);
      report1("(f) sliding 10 s / 1 s window sum, 10,000 keys, append, 1 core", f);
    }
    if (wanted("e")) {
      std::printf("\nState after (e): %lld open window keys, %lld bytes (%.0f bytes per window key).\n",
                  static_cast<long long>(e.state_rows), static_cast<long long>(e.state_bytes),
                  e.state_rows ? static_cast<double>(e.state_bytes) / e.state_rows : 0.0);
    }
  }

  // (d) The wall time of an empty micro-batch: one row per batch through a stateless
  // query, offsets and commit files written each time.
  if (wanted("d")) {
    auto catalog = std::make_shared<sluice::runtime::SessionCatalog>();
    sluice::Config conf;
    auto s = std::make_shared<sluice::types::Schema>(sluice::types::Schema::Parse("value BIGINT").value());
    sluice::connectors::MemoryStreamRegistry::Global().Remove("tick");
    (void)catalog->AddSource("tick", "memory", {}, s, true, conf);
    auto stream = sluice::connectors::MemoryStreamRegistry::Global().Find("tick");
    auto logical = sluice::plan::QueryToLogicalPlan(**sluice::sql::ParseQuery("SELECT value FROM tick")).value();
    sluice::runtime::QueryOptions options;
    options.conf = conf;
    options.sink = std::make_shared<CountingSink>();
    options.checkpoint_location =
        (std::filesystem::temp_directory_path() / ("sluice-bench-" + sluice::checkpoint::NewUuid())).string();
    auto q = sluice::runtime::StreamingQuery::Create(logical, catalog, options).value();
    int n = quick ? 200 : 2000;
    std::vector<double> times;
    for (int i = 0; i < n; ++i) {
      (void)stream->AddData({{sluice::types::Value::Int(i)}});
      double t0 = NowSeconds();
      (void)q->RunUntilIdle();
      times.push_back(NowSeconds() - t0);
    }
    q->Stop();
    std::filesystem::remove_all(options.checkpoint_location);
    std::sort(times.begin(), times.end());
    std::printf("\n(d) micro-batch fixed cost (1 row, offsets + commit files fsynced): p50 %.0f us, p99 %.0f us over %d batches\n",
                times[times.size() / 2] * 1e6, times[times.size() * 99 / 100] * 1e6, n);
  }
  // (g) Latency from the watermark passing a window's end to its rows reaching the
  // sink, with the engine's own query thread and default trigger, input paced at
  // 1 M rows/s of wall-clock time (event time = append time), one partition.
  if (wanted("g")) {
    // 120 s: 117 measured windows, so p99 is not simply the slowest one.
    double seconds = g_seconds > 0 ? g_seconds : quick ? 10 : 120;
    int warmup = quick ? 2 : 3;
    if (g_rate <= 0 || seconds < warmup + 6) {
      std::cerr << "--g-rate must be > 0 and --g-seconds >= " << warmup + 6 << "\n";
      return 2;
    }
    LatencyResult g = RunWatermarkLatency(seconds, warmup, g_rate);
    const std::string missing =
        g.missing ? ", " + std::to_string(g.missing) + " passed windows never emitted" : std::string();
    std::printf("\n(g) window results after the watermark passes the window end, tumbling 1 s count, 10,000 keys, "
                "paced %.2f M rows/s, 1 partition, %zu windows (first %d skipped as warm-up%s): the batch that raises "
                "the watermark commits -> rows at the sink p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= 10 ms); "
                "end to end, the row that moves the watermark is appended -> rows at the sink p50 %.1f ms, p99 %.1f ms, "
                "max %.1f ms\n",
                g.rows_per_second / 1e6, g.latency_ms.size(), warmup, missing.c_str(),
                Percentile(g.commit_to_sink_ms, 0.5), Percentile(g.commit_to_sink_ms, 0.99),
                Percentile(g.commit_to_sink_ms, 1.0), Percentile(g.latency_ms, 0.5), Percentile(g.latency_ms, 0.99),
                Percentile(g.latency_ms, 1.0));
    std::printf("\n(g) micro-batches: %lld in %.1f s (%lld without data), wall time p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                static_cast<long long>(g.batches), g.seconds, static_cast<long long>(g.no_data_batches),
                Percentile(g.batch_ms, 0.5), Percentile(g.batch_ms, 0.99), Percentile(g.batch_ms, 1.0));
    if (!g.pickup_ms.empty()) {
      std::printf("\n(g) latency parts, p50 / max ms: row appended -> batch reading it starts %.2f / %.2f; that batch "
                  "(raises the watermark) %.2f / %.2f; -> next batch starts %.2f / %.2f; next batch start -> sink %.2f / %.2f\n",
                  Percentile(g.pickup_ms, 0.5), Percentile(g.pickup_ms, 1.0), Percentile(g.advance_ms, 0.5),
                  Percentile(g.advance_ms, 1.0), Percentile(g.gap_ms, 0.5), Percentile(g.gap_ms, 1.0),
                  Percentile(g.emit_ms, 0.5), Percentile(g.emit_ms, 1.0));
    }
    if (detail) {
      std::printf("\n(g) per batch, mean ms: wall %.2f (query-thread CPU %.2f), execute + sink %.2f, state commit %.2f, "
                  "commit log %.2f, offset log + planning %.2f; %.0f input rows, %.0f state rows updated\n",
                  g.mean_wall, g.mean_cpu, g.mean_add_batch, g.mean_state_commit, g.mean_commit_log, g.mean_offset_log,
                  g.mean_rows, g.mean_state_updated);
      double load[3] = {0, 0, 0};
      if (getloadavg(load, 3) == 3) std::printf("\n(g) load average after the run: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
      std::printf("\n| window | latency ms | append -> batch A start | batch A ms | A end -> B start | B start -> sink |\n"
                  "|---|---|---|---|---|---|\n");
      for (const auto& line : g.detail) std::printf("%s\n", line.c_str());
      std::printf("\n| slow batch | at s | wall ms | CPU ms | rows | execute + sink ms | state commit ms | commit log ms | "
                  "state rows updated |\n|---|---|---|---|---|---|---|---|---|\n");
      for (const auto& line : g.slowest) std::printf("%s\n", line.c_str());
    }
  }
  std::printf("\nMachine: %s\n", MachineDescription().c_str());
  return 0;
}
