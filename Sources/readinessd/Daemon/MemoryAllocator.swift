import CJemalloc

/// The process's memory allocator. The daemon links jemalloc (`CJemalloc`), which then serves
/// every allocation in the process, Swift's and librdkafka's: under a backlog the daemon spends
/// about 10 % less CPU per message than with glibc's malloc (README, Performance).
enum MemoryAllocator {
    /// jemalloc's version, or `nil` when its control interface is not reachable.
    static var jemallocVersion: String? {
        readinessd_jemalloc_version().map { String(cString: $0) }
    }

    /// Bytes jemalloc has allocated for the calling thread so far (a running total), or `nil`
    /// when unavailable. It grows with the calling thread's allocations only if they go through
    /// jemalloc, which is how the tests check that the link took effect.
    static var bytesAllocatedByThisThread: Int? {
        let bytes = readinessd_jemalloc_thread_allocated_bytes()
        return bytes < 0 ? nil : Int(bytes)
    }

    /// How the start-up log names the allocator.
    static var description: String {
        jemallocVersion.map { "jemalloc \($0)" } ?? "unknown (jemalloc not reachable)"
    }
}
