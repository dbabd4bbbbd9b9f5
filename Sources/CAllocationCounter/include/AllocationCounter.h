#ifndef READINESSD_ALLOCATION_COUNTER_H
#define READINESSD_ALLOCATION_COUNTER_H
#include <stdint.h>

/// Number of heap allocations (malloc, calloc, realloc, memalign family) since start.
/// Only linked into the benchmark executable, where it interposes the allocator.
uint64_t readinessd_allocation_count(void);

#endif
