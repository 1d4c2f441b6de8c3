#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "sluice/common/allocator_tuning.h"

namespace {

const char* kUsage = R"(sluice: Spark Structured Streaming semantics in one native binary.

usage: sluice <command> [options]

commands:
  run PIPELINE.sql [--progress] [--max-batches N] [--timeout SECONDS] [--conf key=value]...
                         run a pipeline file until Ctrl-C (the current batch finishes,
                         the checkpoint stays consistent)
  test PATH...           run *.scenario.json files (or folders of them)
  explain PIPELINE.sql   print the plans of the pipeline's queries
  sql [-e STATEMENTS]    run SQL statements from -e or standard input
  functions [PATTERN]    list the SQL functions
  help                   show this text
)";

}  // namespace

int main(int argc, char** argv) {
  sluice::TuneAllocatorForBatches();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "run") return sluice::tools::RunCommand(args);
  if (command == "test") return sluice::tools::TestCommand(args);
  if (command == "functions") return sluice::tools::FunctionsCommand(args);
  if (command == "explain") return sluice::tools::ExplainCommand(args);
  if (command == "sql") return sluice::tools::SqlCommand(args);
  std::cerr << "sluice: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
