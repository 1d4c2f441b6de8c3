#include "sluice/runtime/query_planner.h"

#include "sluice/plan/analyzer.h"
#include "sluice/plan/optimizer.h"
#include "sluice/plan/streaming_checks.h"

namespace sluice::runtime {

Result<expr::EvalContext> MakeEvalContext(const Config& conf) {
  expr::EvalContext eval;
  SLUICE_ASSIGN_OR_RETURN(eval.time_zone, TimeZone::Parse(conf.GetString(conf::kSessionTimeZone, "UTC")));
  SLUICE_ASSIGN_OR_RETURN(eval.ansi, conf.GetBool("sluice.sql.ansi.enabled", true));
  return eval;
}

Result<int> NumShufflePartitions(const Config& conf) {
  SLUICE_ASSIGN_OR_RETURN(int64_t n, conf.GetInt(conf::kShufflePartitions, 2));
  if (n < 1 || n > 4096) {
    return Status::InvalidArgument("spark.sql.shuffle.partitions must be between 1 and 4096, got " + std::to_string(n));
  }
  return static_cast<int>(n);
}

Result<PreparedQuery> PrepareQuery(const plan::LogicalPlan& logical, const plan::Catalog& catalog, const Config& conf,
                                   std::optional<OutputMode> mode) {
  PreparedQuery q;
  plan::Analyzer analyzer(catalog, conf);
  SLUICE_ASSIGN_OR_RETURN(q.analyzed, analyzer.Analyze(logical));
  if (mode) SLUICE_RETURN_IF_ERROR(plan::CheckStreamingQuery(*q.analyzed, *mode));
  SLUICE_ASSIGN_OR_RETURN(expr::EvalContext eval, MakeEvalContext(conf));
  SLUICE_ASSIGN_OR_RETURN(q.optimized, plan::Optimize(q.analyzed, eval));
  SLUICE_ASSIGN_OR_RETURN(int partitions, NumShufflePartitions(conf));
  SLUICE_ASSIGN_OR_RETURN(q.physical, exec::BuildPhysicalPlan(q.optimized, partitions));
  return q;
}

std::string ExplainString(const PreparedQuery& query, bool extended) {
  std::string out;
  if (extended) {
    out += "== Analyzed Logical Plan ==\n" + query.analyzed->TreeString() + "\n";
    out += "== Optimized Logical Plan ==\n" + query.optimized->TreeString() + "\n";
  }
  out += "== Physical Plan ==\n" + query.optimized->TreeString();
  return out;
}

Result<std::vector<types::BatchPtr>> RunBatchQuery(const plan::LogicalPlan& logical, const plan::Catalog& catalog,
                                                   const Config& conf, types::SchemaPtr* schema) {
  SLUICE_ASSIGN_OR_RETURN(PreparedQuery q, PrepareQuery(logical, catalog, conf, std::nullopt));
  if (q.analyzed->streaming) {
    return Status::AnalysisError(
        "Queries with streaming sources must be executed with writeStream.start() (or CREATE STREAMING QUERY)");
  }
  exec::BatchContext ctx;
  ctx.streaming = false;
  ctx.output_mode = OutputMode::kComplete;
  SLUICE_ASSIGN_OR_RETURN(ctx.eval, MakeEvalContext(conf));
  SLUICE_RETURN_IF_ERROR(q.physical.root->Open(exec::StateContext{}));
  SLUICE_ASSIGN_OR_RETURN(exec::PartitionedData out, q.physical.root->Execute(ctx));
  if (schema) *schema = q.physical.output_schema;
  std::vector<types::BatchPtr> batches;
  for (const auto& b : exec::Flatten(out)) {
    batches.push_back(std::make_shared<types::Batch>(q.physical.output_schema, b->columns(), b->num_rows()));
  }
  return batches;
}

}  // namespace sluice::runtime
