#pragma once

#include <string>
#include <vector>

namespace sluice::tools {

// One function per subcommand; each returns the process exit code.
int RunCommand(const std::vector<std::string>& args);        // sluice run pipeline.sql
int TestCommand(const std::vector<std::string>& args);       // sluice test PATH...
int FunctionsCommand(const std::vector<std::string>& args);  // sluice functions [pattern]
int ExplainCommand(const std::vector<std::string>& args);    // sluice explain pipeline.sql
int SqlCommand(const std::vector<std::string>& args);        // sluice sql [-e statements]

}  // namespace sluice::tools
