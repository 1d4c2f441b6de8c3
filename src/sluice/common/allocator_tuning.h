#pragma once

namespace sluice {

// Tunes glibc malloc for columnar batches: columns of a few MB are allocated and freed
// every batch, and glibc's defaults serve each one with a fresh mmap (and page faults
// on first touch) and hand freed memory back to the OS. Keeping them on the heap
// nearly doubles filter/project throughput (docs/benchmarks.md). Called by the
// `sluice` command and the benchmarks; a program embedding the library may call it
// at startup. Idempotent; a no-op on other C libraries.
void TuneAllocatorForBatches();

}  // namespace sluice
