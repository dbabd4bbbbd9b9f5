import KafkaClient
import Synchronization

/// Tracks every consumed message from intake until its output is delivered,
/// and decides what may be committed (SPEC §6).
///
/// - Intake registers each message and its output record; the returned
///   token travels with the produce call and comes back in the delivery report.
/// - A delivered output acknowledges its input offset; commit positions
///   advance over contiguous acknowledged prefixes only.
/// - A failed delivery keeps the record and queues it for another attempt:
///   an output is retried until delivered, never skipped.
/// - In-flight work is bounded: ``waitForCapacity(_:)`` suspends intake
///   while too many outputs await acknowledgement.
///
/// All state sits behind one mutex; waiting is done with continuations that
/// are resumed outside the lock.
public final class DeliveryLedger: Sendable {
    struct Entry {
        var record: OutputRecord
        var generation: UInt32
        var attempts: Int
    }

    struct State {
        var slots: [Entry?] = []
        var generations: [UInt32] = []
        var free: [Int] = []
        var partitions: [TopicPartition: PartitionProgress] = [:]
        var inFlight = 0
        var failed: [UInt64] = []
        var capacityWaiters: [(id: Int, needed: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var drainWaiters: [(id: Int, partitions: Set<TopicPartition>, continuation: CheckedContinuation<Void, Never>)] = []
        var progressWaiter: CheckedContinuation<Void, Never>?
        var failureWaiter: CheckedContinuation<Void, Never>?
        var nextWaiterID = 0
        var closed = false
    }

    /// The most outputs awaiting acknowledgement before intake waits.
    public let maximumInFlight: Int
    private let state = Mutex(State())

    /// Creates a ledger allowing `maximumInFlight` unacknowledged outputs.
    public init(maximumInFlight: Int) {
        precondition(maximumInFlight > 0)
        self.maximumInFlight = maximumInFlight
    }

    /// Outputs produced but not yet acknowledged.
    public var inFlight: Int { state.withLock { $0.inFlight } }

    // MARK: Intake

    /// Registers the output for one input message; returns the delivery token.
    public func register(_ record: OutputRecord) -> UInt64 {
        state.withLock { state in
            let slot: Int
            if let reused = state.free.popLast() {
                slot = reused
            } else {
                slot = state.slots.count
                state.slots.append(nil)
                state.generations.append(0)
            }
            state.generations[slot] &+= 1
            let generation = state.generations[slot]
            state.slots[slot] = Entry(record: record, generation: generation, attempts: 1)
            state.partitions[record.source, default: PartitionProgress()].register(record.sourceOffset)
            state.inFlight += 1
            return UInt64(generation) << 32 | UInt64(slot)
        }
    }

    /// Suspends until fewer than `maximumInFlight − count` outputs are in flight (or the ledger closes).
    public func waitForCapacity(_ count: Int) async {
        let needed = min(count, maximumInFlight)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.closed || state.inFlight + needed <= maximumInFlight { return true }
                state.nextWaiterID += 1
                state.capacityWaiters.append((state.nextWaiterID, needed, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: Delivery reports

    /// Applies delivery reports (called on the producer's poll thread).
    public func apply(_ reports: [KafkaDeliveryReport]) {
        var resume: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            var progressed = false, failedAny = false
            for report in reports {
                let slot = Int(report.token & 0xFFFF_FFFF), generation = UInt32(report.token >> 32)
                guard slot < state.slots.count, let entry = state.slots[slot], entry.generation == generation else { continue }
                switch report.result {
                case .success:
                    state.slots[slot] = nil
                    state.free.append(slot)
                    state.inFlight -= 1
                    if state.partitions[entry.record.source]?.acknowledge(entry.record.sourceOffset) == true { progressed = true }
                case .failure:
                    state.failed.append(report.token)
                    failedAny = true
                }
            }
            resume += DeliveryLedger.releaseWaiters(&state, maximumInFlight: maximumInFlight)
            if progressed, let waiter = state.progressWaiter { state.progressWaiter = nil; resume.append(waiter) }
            if failedAny, let waiter = state.failureWaiter { state.failureWaiter = nil; resume.append(waiter) }
        }
        for continuation in resume { continuation.resume() }
    }

    private static func releaseWaiters(_ state: inout State, maximumInFlight: Int) -> [CheckedContinuation<Void, Never>] {
        var resume: [CheckedContinuation<Void, Never>] = []
        state.capacityWaiters.removeAll { waiter in
            guard state.closed || state.inFlight + waiter.needed <= maximumInFlight else { return false }
            resume.append(waiter.continuation)
            return true
        }
        state.drainWaiters.removeAll { waiter in
            let drained = state.closed || waiter.partitions.allSatisfy { (state.partitions[$0]?.pendingCount ?? 0) == 0 }
            if drained { resume.append(waiter.continuation) }
            return drained
        }
        return resume
    }

    // MARK: Retries

    /// Waits for failed deliveries and returns them with their attempt counts (empty once closed).
    public func takeFailed() async -> [(token: UInt64, record: OutputRecord, attempts: Int)] {
        while true {
            let result: [(token: UInt64, record: OutputRecord, attempts: Int)]? = state.withLock { state in
                if state.closed { return [] }
                guard !state.failed.isEmpty else { return nil }
                let tokens = state.failed
                state.failed.removeAll()
                return tokens.compactMap { token in
                    let slot = Int(token & 0xFFFF_FFFF)
                    guard var entry = state.slots[slot] else { return nil }
                    entry.attempts += 1
                    state.slots[slot] = entry
                    return (token, entry.record, entry.attempts)
                }
            }
            if let result { return result }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.closed || !state.failed.isEmpty { return true }
                    state.failureWaiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    // MARK: Commits

    /// Waits until some partition's commit position advanced (or the ledger closed).
    public func waitForProgress() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.closed || state.partitions.values.contains(where: \.hasNewProgress) { return true }
                state.progressWaiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The commit positions that advanced since last taken, for `partitions` (all when `nil`).
    public func takeCommittable(_ partitions: Set<TopicPartition>? = nil) -> [TopicPartitionOffset] {
        state.withLock { state in
            var offsets: [TopicPartitionOffset] = []
            for (partition, progress) in state.partitions where partitions?.contains(partition) ?? true {
                guard progress.hasNewProgress, let position = progress.committablePosition else { continue }
                state.partitions[partition]?.committedPosition = position
                offsets.append(TopicPartitionOffset(topic: partition.topic, partition: partition.partition, offset: position))
            }
            return offsets
        }
    }

    /// Puts positions back as not committed (after a failed commit).
    public func commitFailed(_ offsets: [TopicPartitionOffset]) {
        state.withLock { state in
            for offset in offsets {
                let partition = offset.topicPartition
                if state.partitions[partition]?.committedPosition == offset.offset {
                    state.partitions[partition]?.committedPosition = nil
                }
            }
        }
    }

    /// Suspends until every registered output of `partitions` is acknowledged,
    /// the ledger closes, or the task is cancelled.
    public func waitUntilDrained(_ partitions: Set<TopicPartition>) async {
        let id = state.withLock { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.closed || Task.isCancelled
                        || partitions.allSatisfy({ (state.partitions[$0]?.pendingCount ?? 0) == 0 }) { return true }
                    state.drainWaiters.append((id, partitions, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.drainWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.drainWaiters.remove(at: index).continuation
            }
            waiter?.resume()
        }
    }

    /// `true` once ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Forgets `partitions` (after they were revoked); their unacknowledged records are dropped.
    public func forget(_ partitions: Set<TopicPartition>) {
        let resume = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            for partition in partitions { state.partitions[partition] = nil }
            for slot in state.slots.indices {
                guard let entry = state.slots[slot], partitions.contains(entry.record.source) else { continue }
                state.slots[slot] = nil
                state.free.append(slot)
                state.inFlight -= 1
            }
            return DeliveryLedger.releaseWaiters(&state, maximumInFlight: maximumInFlight)
        }
        for continuation in resume { continuation.resume() }
    }

    /// Releases every waiter; later waits return at once. Used on shutdown.
    public func close() {
        let resume = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            var resume = DeliveryLedger.releaseWaiters(&state, maximumInFlight: maximumInFlight)
            if let waiter = state.progressWaiter { state.progressWaiter = nil; resume.append(waiter) }
            if let waiter = state.failureWaiter { state.failureWaiter = nil; resume.append(waiter) }
            return resume
        }
        for continuation in resume { continuation.resume() }
    }
}
