// End-to-end micro-batch benchmarks: rows/s through real streaming queries (memory
// source of pre-built batches -> plan -> counting sink), and the fixed cost of an
// empty micro-batch with its checkpoint writes. Prints a markdown report; run by
// bench/run.sh, which writes it to docs/benchmarks.md.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "sluice/checkpoint/uuid.h"
#include "sluice/common/allocator_tuning.h"
#include "sluice/connectors/memory/memory_stream_registry.h"
#include "sluice/runtime/catalog.h"
#include "sluice/runtime/streaming_query.h"
#include "sluice/sql/parser.h"

namespace sluice::bench {
namespace {

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
  std::string only;  // --only a|b|c|d runs one benchmark (for profiling)
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") quick = true;
    if (arg == "--only" && i + 1 < argc) only = argv[++i];
  }
  auto wanted = [&](const char* name) { return only.empty() || only == name; };
  int repeats = quick ? 1 : 3;
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::string schema = "value BIGINT, key BIGINT";
  int64_t rows = quick ? 200000 : 1000000;
  int batches = quick ? 4 : 20;

  std::printf("| benchmark | rows | seconds | rows/s | rows/s per core |\n|---|---|---|---|---|\n");
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
  std::printf("\nMachine: %s\n", MachineDescription().c_str());
  return 0;
}
