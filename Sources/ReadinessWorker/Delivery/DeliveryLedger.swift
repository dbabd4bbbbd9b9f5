import KafkaClient
import Synchronization

/// Tracks every consumed message from intake until its output is delivered,
/// and decides what may be committed (contract §6).
///
/// - Intake registers each message and its output record; the returned
///   token travels with the produce call and comes back in the delivery report.
/// - A delivered output acknowledges its input offset; commit positions
///   advance over contiguous acknowledged prefixes only.
/// - A failed delivery keeps the record and queues it for another attempt:
///   an output is retried until delivered, never skipped.
/// - In-flight work is bounded: ``waitForCapacity(_:)`` suspends intake
///   while too many outputs await acknowledgement.
/// - Failing outputs are tracked: ``failingSince`` is the first failure of the
///   oldest output that is still undelivered, so a persistently broken produce
///   path can be told apart from a transient error.
/// - The ledger keeps every output's ``OutputBatch`` alive while librdkafka may
///   read it: outputs are produced with their values lent
///   (``KafkaValueLifetime/untilDeliveryReport``), so even an output of a
///   forgotten (revoked) partition keeps its slot, and its batch, until its
///   delivery report arrives.
///
/// All state sits behind one mutex; waiting is done with continuations that
/// are resumed outside the lock.
public final class DeliveryLedger: Sendable {
    struct Entry {
        var batch: OutputBatch
        var index: Int
        var generation: UInt32
        var attempts: Int
        /// When this output's first failed delivery was reported (`nil` while none failed).
        var failingSince: ContinuousClock.Instant?
        /// Its partition was forgotten while the output may still be in librdkafka's queue: the
        /// slot only keeps the batch alive until the output's next delivery report (or, when a
        /// failure was already reported, until the retrier would take it) and counts nowhere else.
        var forgotten = false

        var source: TopicPartition { batch.source(of: index) }
        var sourceOffset: Int64 { batch.records[index].sourceOffset }
    }

    struct State {
        var slots: [Entry?] = []
        var generations: [UInt32] = []
        var free: [Int] = []
        /// Partitions in first-seen order, with their progress (a short list: linear search beats hashing topic names).
        var partitionKeys: [TopicPartition] = []
        var progress: [PartitionProgress] = []
        var inFlight = 0
        var failed: [(token: UInt64, error: KafkaError)] = []
        /// Registered outputs with at least one failed delivery.
        var failingCount = 0
        var lastFailure: String?
        var capacityWaiters: [(id: Int, needed: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var drainWaiters: [(id: Int, partitions: Set<TopicPartition>, continuation: CheckedContinuation<Void, Never>)] = []
        var progressWaiter: CheckedContinuation<Void, Never>?
        var failureWaiter: CheckedContinuation<Void, Never>?
        var nextWaiterID = 0
        var closed = false
        /// Answered positions of partitions forgotten without a confirmed commit, with the log they
        /// were answered in (see ``startCandidates(_:)``).
        var answered: [TopicPartition: KafkaStartCandidate] = [:]

        mutating func partitionIndex(_ partition: TopicPartition) -> Int {
            if let index = partitionKeys.firstIndex(of: partition) { return index }
            partitionKeys.append(partition)
            progress.append(PartitionProgress())
            return partitionKeys.count - 1
        }

        func existingIndex(_ partition: TopicPartition) -> Int? {
            partitionKeys.firstIndex(of: partition)
        }

        func pendingCount(_ partition: TopicPartition) -> Int {
            existingIndex(partition).map { progress[$0].pendingCount } ?? 0
        }

        /// Empties `slot` for reuse (its batch is released with the last entry holding it).
        mutating func release(_ slot: Int) {
            slots[slot] = nil
            free.append(slot)
        }
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

    /// The earliest first-failure instant among outputs that failed and are still undelivered
    /// (`nil` when every output that ever failed was delivered since).
    public var failingSince: ContinuousClock.Instant? {
        state.withLock { state in
            guard state.failingCount > 0 else { return nil }
            return state.slots.lazy.compactMap { $0?.failingSince }.min()
        }
    }

    /// Outputs that failed at least once and are still undelivered.
    public var failingCount: Int { state.withLock { $0.failingCount } }

    /// The last delivery error reported, for log lines; purges and refusals that follow from an
    /// earlier failure (see ``isConsequence(_:)``) do not replace it.
    public var lastFailure: String? { state.withLock { $0.lastFailure } }

    // MARK: Intake

    /// Registers the outputs of `batch` (one lock for all); returns their
    /// delivery tokens, in order. The ledger keeps the batch until every one
    /// of its outputs is acknowledged, or forgotten and no longer in librdkafka's hands.
    public func register(_ batch: OutputBatch) -> [UInt64] {
        state.withLock { state in
            var tokens: [UInt64] = []
            tokens.reserveCapacity(batch.count)
            var cachedPartition: (TopicPartition, Int)?
            for index in 0..<batch.count {
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
                let entry = Entry(batch: batch, index: index, generation: generation, attempts: 1, failingSince: nil)
                state.slots[slot] = entry
                let source = entry.source
                let partition: Int
                if let cached = cachedPartition, cached.0 == source {
                    partition = cached.1
                } else {
                    partition = state.partitionIndex(source)
                    cachedPartition = (source, partition)
                }
                state.progress[partition].register(entry.sourceOffset)
                state.inFlight += 1
                tokens.append(UInt64(generation) << 32 | UInt64(slot))
            }
            return tokens
        }
    }

    /// Suspends until fewer than `maximumInFlight − count` outputs are in flight,
    /// the ledger closes, or the task is cancelled (a stop must not wait for
    /// capacity that a broken produce path never frees).
    public func waitForCapacity(_ count: Int) async {
        let needed = min(count, maximumInFlight)
        await park { state, id, continuation in
            if state.closed || state.inFlight + needed <= maximumInFlight { return false }
            state.capacityWaiters.append((id, needed, continuation))
            return true
        } unpark: { state, id in
            state.capacityWaiters.firstIndex { $0.id == id }.map { state.capacityWaiters.remove(at: $0).continuation }
        }
    }

    /// Suspends the calling task until it is resumed by whoever `park` hands its
    /// continuation to, or until the task is cancelled (then `unpark` takes the
    /// continuation back). `park` runs under the lock and returns `false` when
    /// there is nothing to wait for; a cancelled task never parks.
    private func park(
        _ park: (inout State, _ id: Int, CheckedContinuation<Void, Never>) -> Bool,
        unpark: @escaping @Sendable (inout State, _ id: Int) -> CheckedContinuation<Void, Never>?
    ) async {
        let id = state.withLock { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let parked = state.withLock { state in !Task.isCancelled && park(&state, id, continuation) }
                if !parked { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state in unpark(&state, id) }?.resume()
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
                if entry.forgotten {
                    // librdkafka is done with its bytes; nothing else waits for it.
                    state.release(slot)
                    continue
                }
                switch report.result {
                case .success:
                    state.release(slot)
                    state.inFlight -= 1
                    if entry.failingSince != nil { state.failingCount -= 1 }
                    if let index = state.existingIndex(entry.source),
                       state.progress[index].acknowledge(entry.sourceOffset) { progressed = true }
                case .failure(let error):
                    if entry.failingSince == nil {
                        state.slots[slot]?.failingSince = .now
                        state.failingCount += 1
                    }
                    if state.lastFailure == nil || !DeliveryLedger.isConsequence(error) {
                        state.lastFailure = "\(error)"
                    }
                    state.failed.append((report.token, error))
                    failedAny = true
                }
            }
            resume += DeliveryLedger.releaseWaiters(&state, maximumInFlight: maximumInFlight)
            if progressed, let waiter = state.progressWaiter { state.progressWaiter = nil; resume.append(waiter) }
            if failedAny, let waiter = state.failureWaiter { state.failureWaiter = nil; resume.append(waiter) }
        }
        for continuation in resume { continuation.resume() }
    }

    /// Failures that only follow from an earlier one — messages purged by a fatal producer or a
    /// replacement, refused by a fatal or closed producer, abandoned by a stop — keep the more telling
    /// last error (e.g. `TOPIC_AUTHORIZATION_FAILED`) for the log lines.
    static func isConsequence(_ error: KafkaError) -> Bool {
        switch error {
        case .closed, .cancelled: return true
        default:
            guard let code = error.code else { return false }
            return code == .purgedFromQueue || code == .purgedInFlight || code == .fatal || code == .gaplessGuarantee
        }
    }

    private static func releaseWaiters(_ state: inout State, maximumInFlight: Int) -> [CheckedContinuation<Void, Never>] {
        var resume: [CheckedContinuation<Void, Never>] = []
        state.capacityWaiters.removeAll { waiter in
            guard state.closed || state.inFlight + waiter.needed <= maximumInFlight else { return false }
            resume.append(waiter.continuation)
            return true
        }
        guard !state.drainWaiters.isEmpty else { return resume }
        let current = state
        state.drainWaiters.removeAll { waiter in
            let drained = current.closed || waiter.partitions.allSatisfy { current.pendingCount($0) == 0 }
            if drained { resume.append(waiter.continuation) }
            return drained
        }
        return resume
    }

    // MARK: Retries

    /// Waits for failed deliveries and returns them with their attempt counts; empty only once
    /// closed. Failures of outputs forgotten meanwhile (revoked partitions) are dropped and the wait
    /// goes on: returning them as an empty round would read as "closed" and end the retrier.
    public func takeFailed() async -> [FailedOutput] {
        while true {
            let result: [FailedOutput]? = state.withLock { state in
                if state.closed { return [] }
                guard !state.failed.isEmpty else { return nil }
                let taken = DeliveryLedger.takeFailed(&state)
                return taken.isEmpty ? nil : taken
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

    /// Returns the failed deliveries reported so far without waiting (empty when none, or once closed).
    public func takeFailedNow() -> [FailedOutput] {
        state.withLock { state in state.closed ? [] : DeliveryLedger.takeFailed(&state) }
    }

    private static func takeFailed(_ state: inout State) -> [FailedOutput] {
        let tokens = state.failed
        state.failed.removeAll()
        return tokens.compactMap { token, error in
            let slot = Int(token & 0xFFFF_FFFF)
            guard slot < state.slots.count, var entry = state.slots[slot], entry.generation == UInt32(token >> 32) else {
                return nil
            }
            if entry.forgotten {
                // Its failure was reported before it was forgotten: librdkafka no longer holds it.
                state.release(slot)
                return nil
            }
            entry.attempts += 1
            state.slots[slot] = entry
            return FailedOutput(token: token, batch: entry.batch, index: entry.index, attempts: entry.attempts,
                                error: error)
        }
    }

    /// Makes output `batch[0]` the output of `failed`'s entry, in place of the one that failed (an
    /// `output_too_large` rejection replacing a refused response, contract §9.3): it answers the
    /// same input, so the partition's progress is unchanged. Returns the output to produce, or
    /// `nil` when the entry is gone or forgotten (its partition was revoked meanwhile).
    public func replace(_ failed: FailedOutput, with batch: OutputBatch) -> FailedOutput? {
        precondition(batch.count == 1 && batch.source(of: 0) == failed.source
                     && batch.records[0].sourceOffset == failed.sourceOffset)
        return state.withLock { state -> FailedOutput? in
            let slot = Int(failed.token & 0xFFFF_FFFF)
            guard slot < state.slots.count, let entry = state.slots[slot], entry.generation == UInt32(failed.token >> 32),
                  !entry.forgotten else { return nil }
            state.slots[slot]!.batch = batch
            state.slots[slot]!.index = 0
            return FailedOutput(token: failed.token, batch: batch, index: 0, attempts: entry.attempts, error: nil)
        }
    }

    // MARK: Commits

    /// Waits until some partition's commit position advanced (or the ledger closed).
    public func waitForProgress() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.closed || state.progress.contains(where: \.hasNewProgress) { return true }
                state.progressWaiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The commit positions that advanced since last taken, for `partitions` (all when `nil`).
    ///
    /// With `includingTaken`, every partition's position is returned even when it was taken before:
    /// a revocation or a stop commits them all again, since an earlier commit of the same position may
    /// still be in flight and fail (a rebalance makes concurrent commits fail with `ILLEGAL_GENERATION`).
    public func takeCommittable(_ partitions: Set<TopicPartition>? = nil, includingTaken: Bool = false) -> [TopicPartitionOffset] {
        state.withLock { state in
            var offsets: [TopicPartitionOffset] = []
            for (index, partition) in state.partitionKeys.enumerated() where partitions?.contains(partition) ?? true {
                let progress = state.progress[index]
                guard progress.hasNewProgress || includingTaken, let position = progress.committablePosition else { continue }
                state.progress[index].committedPosition = position
                offsets.append(TopicPartitionOffset(topic: partition.topic, partition: partition.partition, offset: position))
            }
            return offsets
        }
    }

    /// The next offset to read (last answered + 1) of each of `partitions` whose every registered
    /// output is acknowledged; partitions with outputs in flight or nothing answered yet are left out.
    public func answeredPositions(_ partitions: Set<TopicPartition>) -> [TopicPartition: Int64] {
        state.withLock { state in
            var positions: [TopicPartition: Int64] = [:]
            for (index, partition) in state.partitionKeys.enumerated() where partitions.contains(partition) {
                let progress = state.progress[index]
                guard progress.pendingCount == 0, let position = progress.committablePosition else { continue }
                positions[partition] = position
            }
            return positions
        }
    }

    /// Puts positions back as not committed (after a failed commit).
    public func commitFailed(_ offsets: [TopicPartitionOffset]) {
        state.withLock { state in
            for offset in offsets {
                if let index = state.existingIndex(offset.topicPartition), state.progress[index].committedPosition == offset.offset {
                    state.progress[index].committedPosition = nil
                }
            }
        }
    }

    /// Suspends until every registered output of `partitions` is acknowledged,
    /// the ledger closes, or the task is cancelled.
    public func waitUntilDrained(_ partitions: Set<TopicPartition>) async {
        await park { state, id, continuation in
            if state.closed || partitions.allSatisfy({ state.pendingCount($0) == 0 }) { return false }
            state.drainWaiters.append((id, partitions, continuation))
            return true
        } unpark: { state, id in
            state.drainWaiters.firstIndex { $0.id == id }.map { state.drainWaiters.remove(at: $0).continuation }
        }
    }

    /// Intake tasks waiting for capacity (for tests and status).
    var capacityWaiterCount: Int { state.withLock { $0.capacityWaiters.count } }

    /// Whether ``takeFailed()`` is waiting for a failure (for tests).
    var isWaitingForFailures: Bool { state.withLock { $0.failureWaiter != nil } }

    /// `true` once ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Forgets `partitions` (after they were revoked); their unacknowledged records no longer count
    /// (in flight, pending, failing) and are not produced again. Each keeps its batch alive until
    /// its delivery report, since librdkafka may still be reading the output's value.
    ///
    /// With `rememberingAnswered` (their final commit failed, or they were lost), each partition's
    /// answered position is kept, with its log's `origins` (``KafkaRevocation/origins``; unknown when
    /// missing, and then never used), and offered by ``startCandidates(_:)`` when it is assigned again.
    public func forget(
        _ partitions: Set<TopicPartition>, rememberingAnswered: Bool = false, origins: [TopicPartition: KafkaLogOrigin] = [:]
    ) {
        let resume = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            for partition in partitions {
                guard let index = state.existingIndex(partition) else { continue }
                if rememberingAnswered, let position = state.progress[index].committablePosition {
                    state.answered[partition] = KafkaStartCandidate(
                        position: TopicPartitionOffset(topic: partition.topic, partition: partition.partition, offset: position),
                        origin: origins[partition] ?? KafkaLogOrigin(clusterID: nil, low: nil, high: nil))
                }
                state.partitionKeys.remove(at: index)
                state.progress.remove(at: index)
            }
            for slot in state.slots.indices {
                guard let entry = state.slots[slot], !entry.forgotten, partitions.contains(entry.source) else { continue }
                state.slots[slot]!.forgotten = true
                state.slots[slot]!.failingSince = nil
                state.inFlight -= 1
                if entry.failingSince != nil { state.failingCount -= 1 }
            }
            return DeliveryLedger.releaseWaiters(&state, maximumInFlight: maximumInFlight)
        }
        for continuation in resume { continuation.resume() }
    }

    // MARK: Resuming

    /// Remembered answered positions (next offset to read) of `partitions` with the log they were
    /// answered in, for a consumer's ``KafkaStartPositions``: a partition lost with answered but
    /// uncommitted requests, then assigned again, need not redo them — if it is still the same log,
    /// which the consumer checks. Each is offered once.
    public func startCandidates(_ partitions: [TopicPartition]) -> [KafkaStartCandidate] {
        state.withLock { state in
            guard !state.answered.isEmpty else { return [] }
            return partitions.compactMap { state.answered.removeValue(forKey: $0) }
        }
    }

    /// The consumer starts these partitions at these positions: they count as answered progress,
    /// so the committer commits them (the group's committed offsets catch up).
    public func resume(at positions: [TopicPartitionOffset]) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            for position in positions where state.existingIndex(position.topicPartition) == nil {
                state.partitionKeys.append(position.topicPartition)
                state.progress.append(PartitionProgress(resumingAt: position.offset))
            }
            defer { state.progressWaiter = nil }
            return state.progressWaiter
        }
        waiter?.resume()
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
