#include "sluice/common/allocator_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sluice {

void TuneAllocatorForBatches() {
#if defined(__GLIBC__)
  // The largest mmap threshold glibc accepts on 64-bit (32 MiB): columns stay on the heap.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  // Do not return freed heap memory to the OS after every batch.
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
#endif
}

}  // namespace sluice
