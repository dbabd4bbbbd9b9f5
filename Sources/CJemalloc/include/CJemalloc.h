#ifndef READINESSD_CJEMALLOC_H
#define READINESSD_CJEMALLOC_H

#include <stdint.h>

/// jemalloc's version string (e.g. "5.3.0-0-g54eaed1d8b56..."), or NULL when
/// jemalloc's `mallctl` refuses to give it.
const char *readinessd_jemalloc_version(void);

/// Bytes jemalloc has allocated for the calling thread since it started
/// (`thread.allocated`, a running total that frees do not lower), or -1 when
/// unavailable. Only allocations that went through jemalloc are counted, so it
/// shows whether the process's `malloc` (Swift's included) is jemalloc's.
int64_t readinessd_jemalloc_thread_allocated_bytes(void);

#endif
