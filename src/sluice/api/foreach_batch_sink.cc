#include "sluice/api/foreach_batch_sink.h"

#include <exception>

#include "sluice/api/data_frame.h"
#include "sluice/api/session.h"
#include "sluice/plan/logical_plan.h"
#include "sluice/runtime/catalog.h"

namespace sluice::api {

ForeachBatchSink::ForeachBatchSink(std::weak_ptr<Session> session, types::SchemaPtr schema, Function fn)
    : session_(std::move(session)), schema_(std::move(schema)), fn_(std::move(fn)) {}

Status ForeachBatchSink::AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode mode) {
  std::shared_ptr<Session> session = session_.lock();
  if (!session) return Status::ExecutionError("foreachBatch: the session of this query no longer exists");
  types::SchemaPtr schema = schema_;
  std::vector<types::BatchPtr> batches;
  for (const auto& p : partitions) {
    if (p == nullptr || p->num_rows() == 0) continue;
    // Keep the names the user sees in the query's schema.
    bool relabel = schema != nullptr && schema != p->schema() && schema->num_fields() == p->num_columns();
    batches.push_back(relabel ? std::make_shared<types::Batch>(schema, p->columns(), p->num_rows()) : p);
    if (schema == nullptr) schema = p->schema();
  }
  if (schema == nullptr) schema = std::make_shared<const types::Schema>();
  if (table_name_.empty()) table_name_ = session->NewInternalName("foreach_batch");
  SLUICE_RETURN_IF_ERROR(session->catalog()->AddTable(table_name_, schema, std::move(batches), /*or_replace=*/true));
  SLUICE_ASSIGN_OR_RETURN(DataFrame df, session->AnonymousDataFrame(table_name_));
  // The user's function may throw; exceptions must not cross into the runtime.
  try {
    fn_(df, batch_id);
  } catch (const std::exception& e) {
    return Status::ExecutionError(std::string("foreachBatch function failed on batch ") + std::to_string(batch_id) +
                                  ": " + e.what());
  } catch (...) {
    return Status::ExecutionError("foreachBatch function failed on batch " + std::to_string(batch_id) +
                                  " with a non-standard exception");
  }
  return Status::OK();
}

}  // namespace sluice::api
