#include "sluice/api/foreach_writer.h"

#include <exception>

namespace sluice::api {

Status ForeachWriterSink::AddBatch(int64_t batch_id, const std::vector<types::BatchPtr>& partitions, OutputMode) {
  for (size_t p = 0; p < partitions.size(); ++p) {
    bool opened = false;
    try {
      opened = writer_->open(static_cast<int64_t>(p), batch_id);
      if (opened) {
        const types::Batch& batch = *partitions[p];
        for (int64_t r = 0; r < batch.num_rows(); ++r) writer_->process(batch.GetRow(r));
      }
      writer_->close(std::nullopt);
    } catch (const std::exception& e) {
      std::string message = std::string("ForeachWriter failed in partition ") + std::to_string(p) + " of batch " +
                            std::to_string(batch_id) + ": " + e.what();
      // Spark calls close(error) after a failed open/process.
      try {
        writer_->close(message);
      } catch (...) {
      }
      return Status::ExecutionError(message);
    }
  }
  return Status::OK();
}

}  // namespace sluice::api
