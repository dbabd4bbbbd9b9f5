import Testing
@testable import readinessd

/// The daemon runs on jemalloc: linking `CJemalloc` must make it the allocator of the whole
/// process, Swift's allocations included (this test binary links it the way the daemon does).
@Suite("memory allocator")
struct MemoryAllocatorTests {
    @Test func jemallocIsLinkedAndNamesItsVersion() throws {
        let version = try #require(MemoryAllocator.jemallocVersion)
        #expect(version.hasPrefix("5."))
        #expect(MemoryAllocator.description == "jemalloc \(version)")
    }

    @Test func swiftAllocationsGoThroughJemalloc() throws {
        // A running total for this thread: other tests' allocations and frees do not move it.
        let before = try #require(MemoryAllocator.bytesAllocatedByThisThread)
        let buffer = [UInt8](repeating: 7, count: 8 << 20)
        let after = try #require(MemoryAllocator.bytesAllocatedByThisThread)
        withExtendedLifetime(buffer) {}
        #expect(after - before >= 8 << 20, "an 8 MiB array did not show in jemalloc's count: malloc is not jemalloc's")
    }
}
