#include "sluice/state/state_store.h"

namespace sluice::state {

Result<StateStoreOptions> StateStoreOptions::FromConfig(const Config& conf) {
  StateStoreOptions options;
  SLUICE_ASSIGN_OR_RETURN(options.min_deltas_for_snapshot,
                          conf.GetInt(conf::kSnapshotInterval, options.min_deltas_for_snapshot));
  SLUICE_ASSIGN_OR_RETURN(options.min_versions_to_retain,
                          conf.GetInt(conf::kMinBatchesToRetain, options.min_versions_to_retain));
  return options;
}

}  // namespace sluice::state
