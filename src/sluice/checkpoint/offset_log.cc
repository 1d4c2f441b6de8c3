#include "sluice/checkpoint/offset_log.h"

namespace sluice::checkpoint {

Status OffsetLog::Add(int64_t batch_id, const OffsetSeq& seq) {
  SLUICE_ASSIGN_OR_RETURN(std::string bytes, SerializeOffsetSeq(seq));
  return log_.Add(batch_id, bytes);
}

Result<std::optional<OffsetSeq>> OffsetLog::Get(int64_t batch_id) const {
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::string> bytes, log_.Read(batch_id));
  if (!bytes) return std::optional<OffsetSeq>();
  SLUICE_ASSIGN_OR_RETURN(OffsetSeq seq, ParseOffsetSeq(*bytes, log_.BatchPath(batch_id)));
  return std::optional<OffsetSeq>(std::move(seq));
}

Result<std::optional<std::pair<int64_t, OffsetSeq>>> OffsetLog::GetLatest() const {
  using Latest = std::optional<std::pair<int64_t, OffsetSeq>>;
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> batch_id, log_.LatestBatchId());
  if (!batch_id) return Latest();
  SLUICE_ASSIGN_OR_RETURN(std::optional<OffsetSeq> seq, Get(*batch_id));
  // The file vanished between listing and reading (a concurrent purge): treat as a
  // transient I/O problem rather than guessing.
  if (!seq) return Status::IOError("offset log file " + log_.BatchPath(*batch_id) + " disappeared while reading it");
  return Latest(std::make_pair(*batch_id, std::move(*seq)));
}

}  // namespace sluice::checkpoint
