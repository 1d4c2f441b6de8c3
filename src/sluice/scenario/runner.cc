#include "sluice/scenario/runner.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <exception>

#include "sluice/common/strings.h"
#include "sluice/scenario/report.h"
#include "sluice/scenario/scenario_run.h"

namespace sluice::scenario {

namespace {

bool ContainsIgnoreCase(const std::string& haystack, const std::string& needle) {
  return AsciiLower(haystack).find(AsciiLower(needle)) != std::string::npos;
}

}  // namespace

std::string ScenarioResult::Headline() const {
  if (passed) return "PASS " + name;
  return "FAIL " + name + ": step " + std::to_string(failed_step) + " (" + failed_kind + ")";
}

Result<ScenarioResult> RunScenario(const Scenario& scenario) {
  auto started = std::chrono::steady_clock::now();
  ScenarioRun run(scenario);
  Status setup;
  try {
    setup = run.Setup();
  } catch (const std::exception& e) {
    setup = Status::Internal(std::string("exception during setup: ") + e.what());
  }
  if (!setup.ok()) return Status(setup.code(), scenario.path + ": " + setup.message());
  ScenarioResult result = run.Run();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

Result<ScenarioResult> RunScenarioFile(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(Scenario scenario, LoadScenarioFile(path));
  return RunScenario(scenario);
}

int RunScenarioPaths(const std::vector<std::string>& paths, const ScenarioOptions& options, std::ostream& out) {
  std::vector<std::string> missing;
  std::vector<std::string> files = FindScenarioFiles(paths, &missing);
  int64_t num_passed = 0, num_failed = 0;
  for (const auto& problem : missing) {
    out << "FAIL " << problem << "\n";
    ++num_failed;
  }
  auto selected = [&](const std::string& name, const std::string& path) {
    return options.filter.empty() || ContainsIgnoreCase(name, options.filter) ||
           ContainsIgnoreCase(path, options.filter);
  };
  for (const auto& file : files) {
    auto scenario = LoadScenarioFile(file);
    if (scenario.ok() ? !selected(scenario->name, file) : !selected("", file)) continue;
    Result<ScenarioResult> result = scenario.ok() ? RunScenario(*scenario) : Result<ScenarioResult>(scenario.status());
    if (!result.ok()) {
      // The message starts with the file path; a SQL error may add lines with a caret.
      std::string message = result.status().message();
      while (!message.empty() && message.back() == '\n') message.pop_back();
      size_t newline = message.find('\n');
      out << "FAIL " << message.substr(0, newline) << "\n";
      if (newline != std::string::npos) out << Indent(message.substr(newline + 1), 2) << "\n";
      ++num_failed;
      continue;
    }
    out << result->Headline() << "\n";
    if (!result->passed) out << Indent(result->details, 2);
    if (options.verbose) {
      for (const auto& line : result->log) out << "  " << line << "\n";
      char took[32];
      std::snprintf(took, sizeof(took), "%.3f", result->seconds);
      out << "  (" << took << " s)\n";
    }
    out.flush();
    (result->passed ? num_passed : num_failed)++;
  }
  if (num_passed + num_failed == 0) {
    std::string list;
    for (const auto& p : paths) list += (list.empty() ? "" : ", ") + p;
    out << "no scenarios found in " << (list.empty() ? "(no paths given)" : list)
        << (options.filter.empty() ? "" : " matching '" + options.filter + "'") << "\n";
  }
  out << num_passed << " passed, " << num_failed << " failed\n";
  return num_failed == 0 && num_passed > 0 ? 0 : 1;
}

}  // namespace sluice::scenario
