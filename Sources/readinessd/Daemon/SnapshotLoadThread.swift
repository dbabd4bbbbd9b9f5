import Foundation

/// Runs a blocking snapshot load (file reads, artifact hashing) on a thread
/// of its own, so it never occupies a thread of Swift's cooperative pool.
/// Reloads are rare and serialized, so one short-lived thread per load costs
/// nothing worth pooling.
enum SnapshotLoadThread {
    /// Runs `work` on a new thread and returns its result.
    static func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.name = "readinessd.snapshot-load"
            thread.start()
        }
    }
}
