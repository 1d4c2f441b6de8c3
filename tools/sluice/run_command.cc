#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "commands.h"
#include "sluice/connectors/registry.h"
#include "sluice/runtime/pipeline.h"
#include "sluice/sql/parser.h"

namespace sluice::tools {

namespace {

std::atomic<bool> g_interrupted{false};

void OnSignal(int) { g_interrupted = true; }

struct RunOptions {
  std::string file;
  bool progress = false;
  int64_t max_batches = -1;
  double timeout_seconds = -1;
  Config conf;
};

Result<RunOptions> ParseRunArgs(const std::vector<std::string>& args) {
  RunOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto next = [&](const char* what) -> Result<std::string> {
      if (i + 1 >= args.size()) return Status::InvalidArgument(std::string(what) + " needs a value");
      return args[++i];
    };
    if (a == "--progress") {
      o.progress = true;
    } else if (a == "--max-batches") {
      SLUICE_ASSIGN_OR_RETURN(std::string v, next("--max-batches"));
      o.max_batches = std::stoll(v);
    } else if (a == "--timeout") {
      SLUICE_ASSIGN_OR_RETURN(std::string v, next("--timeout"));
      o.timeout_seconds = std::stod(v);
    } else if (a == "--conf") {
      SLUICE_ASSIGN_OR_RETURN(std::string v, next("--conf"));
      size_t eq = v.find('=');
      if (eq == std::string::npos) return Status::InvalidArgument("--conf expects key=value, got '" + v + "'");
      o.conf.Set(v.substr(0, eq), v.substr(eq + 1));
    } else if (a == "--help" || a == "-h") {
      return Status::InvalidArgument("help");
    } else if (!a.empty() && a[0] == '-') {
      return Status::InvalidArgument("unknown option '" + a + "'");
    } else if (o.file.empty()) {
      o.file = a;
    } else {
      return Status::InvalidArgument("unexpected argument '" + a + "'");
    }
  }
  if (o.file.empty()) return Status::InvalidArgument("missing the pipeline file");
  return o;
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IOError("cannot read pipeline file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  auto parsed = ParseRunArgs(args);
  if (!parsed.ok()) {
    if (parsed.status().message() != "help") std::cerr << "sluice run: " << parsed.status().message() << "\n";
    std::cerr << "usage: sluice run PIPELINE.sql [--progress] [--max-batches N] [--timeout SECONDS] "
                 "[--conf key=value]...\n\n"
              << connectors::ConnectorHelpText();
    return 2;
  }
  RunOptions opts = *parsed;
  auto text = ReadText(opts.file);
  if (!text.ok()) {
    std::cerr << "sluice run: " << text.status().message() << "\n";
    return 1;
  }
  auto catalog = std::make_shared<runtime::SessionCatalog>();
  runtime::Pipeline pipeline(catalog, opts.conf, std::cout);
  std::atomic<int64_t> batches{0};
  pipeline.SetProgressListener([&](const runtime::StreamingQuery& q, const runtime::ProgressJson& p) {
    ++batches;
    if (opts.progress) std::cerr << p.dump() << std::endl;
  });
  Status s = pipeline.ExecuteScript(*text);
  if (!s.ok()) {
    std::cerr << opts.file << ": " << s.ToString() << "\n";
    pipeline.StopAll();
    return 1;
  }
  if (pipeline.queries().empty()) return 0;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  auto start = std::chrono::steady_clock::now();
  while (!g_interrupted && pipeline.AnyActive()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (opts.max_batches >= 0 && batches >= opts.max_batches) break;
    if (opts.timeout_seconds >= 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= opts.timeout_seconds) {
      break;
    }
  }
  // Stop cleanly: each query finishes its current batch and keeps its checkpoint.
  pipeline.StopAll();
  Status err = pipeline.FirstQueryError();
  if (!err.ok()) {
    std::cerr << opts.file << ": " << err.ToString() << "\n";
    return 1;
  }
  return 0;
}

int ExplainCommand(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    std::cerr << "usage: sluice explain PIPELINE.sql\n";
    return 2;
  }
  auto text = ReadText(args[0]);
  if (!text.ok()) {
    std::cerr << "sluice explain: " << text.status().message() << "\n";
    return 1;
  }
  auto statements = sql::ParseScript(*text);
  if (!statements.ok()) {
    std::cerr << args[0] << ": " << statements.status().ToString() << "\n";
    return 1;
  }
  auto catalog = std::make_shared<runtime::SessionCatalog>();
  runtime::Pipeline pipeline(catalog, Config(), std::cout);
  for (const auto& st : *statements) {
    Status s;
    if (st->kind == sql::StatementKind::kStartQuery) {
      auto logical = plan::QueryToLogicalPlan(*st->start.query);
      if (!logical.ok()) {
        s = logical.status();
      } else {
        auto q = runtime::PrepareQuery(**logical, *catalog, pipeline.conf(), std::nullopt);
        if (q.ok()) std::cout << "-- query " << st->start.name << "\n" << runtime::ExplainString(*q, true) << "\n";
        s = q.status();
      }
    } else if (st->kind != sql::StatementKind::kQuery) {
      s = pipeline.Execute(*st);
    }
    if (!s.ok()) {
      std::cerr << args[0] << ": " << s.ToString() << "\n";
      return 1;
    }
  }
  return 0;
}

int SqlCommand(const std::vector<std::string>& args) {
  std::string text;
  if (args.size() == 2 && args[0] == "-e") {
    text = args[1];
  } else if (args.empty()) {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else {
    std::cerr << "usage: sluice sql [-e STATEMENTS]\n";
    return 2;
  }
  auto catalog = std::make_shared<runtime::SessionCatalog>();
  runtime::Pipeline pipeline(catalog, Config(), std::cout);
  Status s = pipeline.ExecuteScript(text);
  if (s.ok() && !pipeline.queries().empty()) {
    for (const auto& q : pipeline.queries()) (void)q->ProcessAllAvailable();
    pipeline.StopAll();
    s = pipeline.FirstQueryError();
  }
  if (!s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace sluice::tools
