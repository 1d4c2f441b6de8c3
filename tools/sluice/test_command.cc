#include <iostream>

#include "commands.h"
#include "sluice/scenario/runner.h"

namespace sluice::tools {

int TestCommand(const std::vector<std::string>& args) {
  scenario::ScenarioOptions options;
  std::vector<std::string> paths;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-v" || args[i] == "--verbose") {
      options.verbose = true;
    } else if (args[i] == "--filter" && i + 1 < args.size()) {
      options.filter = args[++i];
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty()) {
    std::cerr << "usage: sluice test [-v] [--filter TEXT] PATH...\n";
    return 2;
  }
  return scenario::RunScenarioPaths(paths, options, std::cout);
}

}  // namespace sluice::tools
