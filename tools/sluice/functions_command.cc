#include <iostream>

#include "commands.h"
#include "sluice/expr/function_registry.h"

namespace sluice::tools {

int FunctionsCommand(const std::vector<std::string>& args) {
  std::string pattern = args.empty() ? "" : args[0];
  int shown = 0;
  for (const auto& f : expr::FunctionList()) {
    std::string name = f.name;
    if (!pattern.empty() && name.find(pattern) == std::string::npos) continue;
    const char* kind = f.kind == expr::FunctionKind::kAggregate ? "aggregate"
                       : f.kind == expr::FunctionKind::kGenerator ? "generator"
                                                                  : "scalar";
    std::cout << f.signature << "  [" << kind << "]\n    " << f.description << "\n    e.g. " << f.example << "\n";
    ++shown;
  }
  if (shown == 0) {
    std::cerr << "no function matches '" << pattern << "'\n";
    return 1;
  }
  return 0;
}

}  // namespace sluice::tools
