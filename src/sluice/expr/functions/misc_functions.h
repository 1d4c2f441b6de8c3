#pragma once

// Binders of the hashing, encoding and miscellaneous functions (misc.cc).

#include "sluice/expr/functions/binder.h"

namespace sluice::expr {

SLUICE_DECLARE_BINDER(BindBase64);
SLUICE_DECLARE_BINDER(BindCrc32);
SLUICE_DECLARE_BINDER(BindCurrentTimezone);
SLUICE_DECLARE_BINDER(BindHash);  // Spark's Murmur3 (seed 42): same values as Spark's hash()
SLUICE_DECLARE_BINDER(BindHex);
SLUICE_DECLARE_BINDER(BindMd5);
SLUICE_DECLARE_BINDER(BindMonotonicallyIncreasingId);
SLUICE_DECLARE_BINDER(BindSha1);
SLUICE_DECLARE_BINDER(BindSha2);
SLUICE_DECLARE_BINDER(BindSparkPartitionId);
SLUICE_DECLARE_BINDER(BindTypeof);
SLUICE_DECLARE_BINDER(BindUnbase64);
SLUICE_DECLARE_BINDER(BindUuid);

}  // namespace sluice::expr
