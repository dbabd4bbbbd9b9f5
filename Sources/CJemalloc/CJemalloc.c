// Links the daemon against jemalloc and reads its version and statistics.
//
// Why jemalloc: under a Kafka backlog, librdkafka allocates every output
// message, its key and each header on the processing threads and frees them on
// the delivery-report thread; glibc's malloc handles that cross-thread pattern
// poorly (arena locks, consolidation, trimming and re-faulting pages). With
// jemalloc linked the daemon spent about 10 % less CPU per message (README,
// Performance, jemalloc round). Linking the library is enough for the dynamic linker to bind
// every malloc/free in the process (Swift runtime, librdkafka) to it, because
// it precedes libc in the executable's needed libraries; the functions below
// reference it so the linker keeps it and let the daemon log what it runs on.
#include "CJemalloc.h"
#include <jemalloc/jemalloc.h>
#include <stddef.h>

const char *readinessd_jemalloc_version(void) {
    const char *version = NULL;
    size_t size = sizeof(version);
    if (mallctl("version", &version, &size, NULL, 0) != 0) return NULL;
    return version;
}

int64_t readinessd_jemalloc_thread_allocated_bytes(void) {
    uint64_t allocated = 0;
    size_t size = sizeof(allocated);
    if (mallctl("thread.allocated", &allocated, &size, NULL, 0) != 0) return -1;
    return (int64_t)allocated;
}
