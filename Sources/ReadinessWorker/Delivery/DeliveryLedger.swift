import KafkaClient
import Synchronization

/// Tracks every consumed message from intake until its output is delivered,
/// and decides what may be committed (contract §6).
///
/// - Intake registers each message and its output record; the returned
///   token (``DeliveryToken``) travels with the produce call and comes back in the delivery report.
/// - A delivered output acknowledges its input offset; commit positions
///   advance over contiguous acknowledged prefixes only (``PartitionCommits``).
/// - A failed delivery keeps the record and queues it for another attempt
///   (``FailureQueue``): an output is retried until delivered, never skipped.
/// - In-flight work is bounded: ``waitForCapacity(_:)`` suspends intake
///   while too many outputs await acknowledgement.
/// - Failing outputs are tracked: ``failingSince`` is the first failure of the
///   oldest output that is still undelivered, so a persistently broken produce
///   path can be told apart from a transient error.
/// - The ledger keeps every output's ``OutputBatch`` alive while librdkafka may
///   read it (``OutputSlots``), even an output of a forgotten (revoked)
///   partition, until its delivery report arrives.
///
/// The ledger is a facade over those parts. All of them sit behind one mutex, because a delivery
/// report touches slots, progress, the failure queue and the waiters at once and must be seen
/// whole; every wait goes through one cancellable primitive (``Waiters``, ``wait(for:)``) whose
/// continuations are resumed outside the lock.
public final class DeliveryLedger: Sendable {
    /// What a waiting task waits for.
    enum Wait {
        /// Room for `needed` more outputs in flight.
        case capacity(needed: Int)
        /// Every registered output of these partitions acknowledged.
        case drained(Set<TopicPartition>)
        /// Some partition's commit position advanced.
        case progress
        /// A failed delivery queued for the retrier.
        case failure
    }

    struct State {
        var slots = OutputSlots()
        var commits = PartitionCommits()
        var failures = FailureQueue()
        var waiters = Waiters<Wait>()
        var inFlight = 0
        var closed = false

        /// Whether a wait for `condition` is over, given whether progress and failures are new.
        func isMet(_ condition: Wait, maximumInFlight: Int, progressed: Bool, failed: Bool) -> Bool {
            DeliveryLedger.isMet(condition, closed: closed, inFlight: inFlight, commits: commits,
                                 maximumInFlight: maximumInFlight, progressed: progressed, failed: failed)
        }

        /// Takes the continuations of the waits that are over after a change.
        mutating func wake(maximumInFlight: Int, progressed: Bool = false, failed: Bool = false,
                           into resume: inout [CheckedContinuation<Void, Never>]) {
            guard !waiters.isEmpty else { return }
            // Copies of the parts the test reads, not of `self`: a copy of `waiters` would make the
            // removal below copy its storage.
            let (closed, inFlight, commits) = (closed, inFlight, commits)
            waiters.resume(where: { condition in
                DeliveryLedger.isMet(condition, closed: closed, inFlight: inFlight, commits: commits,
                                     maximumInFlight: maximumInFlight, progressed: progressed, failed: failed)
            }, into: &resume)
        }

        /// Takes the queued failures of outputs still owned (forgotten ones are released).
        mutating func takeFailed() -> [FailedOutput] {
            failures.takeAll().compactMap { token, error in
                guard let slot = slots[token] else { return nil }
                if slot.forgotten {
                    // Its failure was reported before it was forgotten: librdkafka no longer holds it.
                    slots.release(token)
                    return nil
                }
                let attempts = slot.attempts + 1
                slots.update(token) { $0.attempts = attempts }
                return FailedOutput(token: token.rawValue, batch: slot.batch, index: slot.index, attempts: attempts, error: error)
            }
        }
    }

    /// Whether a wait for `condition` is over (always once closed).
    static func isMet(_ condition: Wait, closed: Bool, inFlight: Int, commits: PartitionCommits,
                      maximumInFlight: Int, progressed: Bool, failed: Bool) -> Bool {
        if closed { return true }
        switch condition {
        case .capacity(let needed): return inFlight + needed <= maximumInFlight
        case .drained(let partitions): return partitions.allSatisfy { commits.pendingCount($0) == 0 }
        case .progress: return progressed
        case .failure: return failed
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
            guard state.failures.failingCount > 0 else { return nil }
            return state.slots.earliestFailure
        }
    }

    /// Outputs that failed at least once and are still undelivered.
    public var failingCount: Int { state.withLock { $0.failures.failingCount } }

    /// The last delivery error reported, for log lines; purges and refusals that follow from an
    /// earlier failure (see ``FailureQueue/isConsequence(_:)``) do not replace it.
    public var lastFailure: String? { state.withLock { $0.failures.lastFailure } }

    // MARK: Waiting

    /// Suspends the calling task until `condition` holds, the ledger closes, or the task is
    /// cancelled (a stop must not wait for what a broken produce path never brings). A cancelled
    /// task never parks; a task cancelled while parked takes its continuation back.
    private func wait(for condition: Wait) async {
        let id = state.withLock { $0.waiters.makeID() }
        let maximumInFlight = maximumInFlight
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let parked = state.withLock { state -> Bool in
                    guard !Task.isCancelled, !state.isMet(condition, maximumInFlight: maximumInFlight,
                                                          progressed: state.commits.hasNewProgress,
                                                          failed: !state.failures.isEmpty) else { return false }
                    state.waiters.add(id, condition, continuation)
                    return true
                }
                if !parked { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.remove(id) }?.resume()
        }
    }

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
                let token = state.slots.allocate(batch, index: index)
                let source = batch.source(of: index)
                let partition: Int
                if let cached = cachedPartition, cached.0 == source {
                    partition = cached.1
                } else {
                    partition = state.commits.index(of: source)
                    cachedPartition = (source, partition)
                }
                state.commits.register(batch.records[index].sourceOffset, at: partition)
                state.inFlight += 1
                tokens.append(token.rawValue)
            }
            return tokens
        }
    }

    /// Suspends until fewer than `maximumInFlight − count` outputs are in flight,
    /// the ledger closes, or the task is cancelled (a stop must not wait for
    /// capacity that a broken produce path never frees).
    public func waitForCapacity(_ count: Int) async {
        await wait(for: .capacity(needed: min(count, maximumInFlight)))
    }

    // MARK: Delivery reports

    /// Applies delivery reports (called on the producer's poll thread).
    public func apply(_ reports: [KafkaDeliveryReport]) {
        var resume: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            var progressed = false, failedAny = false
            for report in reports {
                let token = DeliveryToken(rawValue: report.token)
                guard let slot = state.slots[token] else { continue }
                if slot.forgotten {
                    // librdkafka is done with its bytes; nothing else waits for it.
                    state.slots.release(token)
                    continue
                }
                switch report.result {
                case .success:
                    state.slots.release(token)
                    state.inFlight -= 1
                    if slot.failingSince != nil { state.failures.stopFailing() }
                    if state.commits.acknowledge(slot.sourceOffset, of: slot.source) { progressed = true }
                case .failure(let error):
                    let first = slot.failingSince == nil
                    if first { state.slots.update(token) { $0.failingSince = .now } }
                    state.failures.report(token, error, first: first)
                    failedAny = true
                }
            }
            state.wake(maximumInFlight: maximumInFlight, progressed: progressed, failed: failedAny, into: &resume)
        }
        for continuation in resume { continuation.resume() }
    }

    // MARK: Retries

    /// Waits for failed deliveries and returns them with their attempt counts; empty only once
    /// closed or when the task is cancelled. Failures of outputs forgotten meanwhile (revoked
    /// partitions) are dropped and the wait goes on: returning them as an empty round would read as
    /// "closed" and end the retrier.
    public func takeFailed() async -> [FailedOutput] {
        while true {
            let result: [FailedOutput]? = state.withLock { state in
                if state.closed { return [] }
                guard !state.failures.isEmpty else { return nil }
                let taken = state.takeFailed()
                return taken.isEmpty ? nil : taken
            }
            if let result { return result }
            if Task.isCancelled { return [] }
            await wait(for: .failure)
        }
    }

    /// Returns the failed deliveries reported so far without waiting (empty when none, or once closed).
    public func takeFailedNow() -> [FailedOutput] {
        state.withLock { state in state.closed ? [] : state.takeFailed() }
    }

    /// Makes output `batch[0]` the output of `failed`'s entry, in place of the one that failed (an
    /// `output_too_large` rejection replacing a refused response, contract §9.3): it answers the
    /// same input, so the partition's progress is unchanged. Returns the output to produce, or
    /// `nil` when the entry is gone or forgotten (its partition was revoked meanwhile).
    public func replace(_ failed: FailedOutput, with batch: OutputBatch) -> FailedOutput? {
        precondition(batch.count == 1 && batch.source(of: 0) == failed.source
                     && batch.records[0].sourceOffset == failed.sourceOffset)
        return state.withLock { state -> FailedOutput? in
            let token = DeliveryToken(rawValue: failed.token)
            guard let slot = state.slots[token], !slot.forgotten else { return nil }
            state.slots.update(token) { slot in
                slot.batch = batch
                slot.index = 0
            }
            return FailedOutput(token: failed.token, batch: batch, index: 0, attempts: slot.attempts, error: nil)
        }
    }

    // MARK: Commits

    /// Waits until some partition's commit position advanced, the ledger closed, or the task is
    /// cancelled.
    public func waitForProgress() async {
        await wait(for: .progress)
    }

    /// The commit positions that advanced since last taken, for `partitions` (all when `nil`).
    ///
    /// With `includingTaken`, every partition's position is returned even when it was taken before:
    /// a revocation or a stop commits them all again, since an earlier commit of the same position may
    /// still be in flight and fail (a rebalance makes concurrent commits fail with `ILLEGAL_GENERATION`).
    public func takeCommittable(_ partitions: Set<TopicPartition>? = nil, includingTaken: Bool = false) -> [TopicPartitionOffset] {
        state.withLock { $0.commits.takeCommittable(partitions, includingTaken: includingTaken) }
    }

    /// The next offset to read (last answered + 1) of each of `partitions` whose every registered
    /// output is acknowledged; partitions with outputs in flight or nothing answered yet are left out.
    public func answeredPositions(_ partitions: Set<TopicPartition>) -> [TopicPartition: Int64] {
        state.withLock { $0.commits.answeredPositions(partitions) }
    }

    /// Puts positions back as not committed (after a failed commit).
    public func commitFailed(_ offsets: [TopicPartitionOffset]) {
        state.withLock { $0.commits.commitFailed(offsets) }
    }

    /// Suspends until every registered output of `partitions` is acknowledged,
    /// the ledger closes, or the task is cancelled.
    public func waitUntilDrained(_ partitions: Set<TopicPartition>) async {
        await wait(for: .drained(partitions))
    }

    /// Intake tasks waiting for capacity (for tests and status).
    var capacityWaiterCount: Int {
        state.withLock { $0.waiters.count { if case .capacity = $0 { true } else { false } } }
    }

    /// Whether ``takeFailed()`` is waiting for a failure (for tests).
    var isWaitingForFailures: Bool {
        state.withLock { $0.waiters.contains { if case .failure = $0 { true } else { false } } }
    }

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
        var resume: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            state.commits.forget(partitions, rememberingAnswered: rememberingAnswered, origins: origins)
            let forgotten = state.slots.forget(partitions)
            state.inFlight -= forgotten.outputs
            state.failures.stopFailing(forgotten.failing)
            state.wake(maximumInFlight: maximumInFlight, into: &resume)
        }
        for continuation in resume { continuation.resume() }
    }

    // MARK: Resuming

    /// Remembered answered positions (next offset to read) of `partitions` with the log they were
    /// answered in, for a consumer's ``KafkaStartPositions``: a partition lost with answered but
    /// uncommitted requests, then assigned again, need not redo them — if it is still the same log,
    /// which the consumer checks. Each is offered once.
    public func startCandidates(_ partitions: [TopicPartition]) -> [KafkaStartCandidate] {
        state.withLock { $0.commits.startCandidates(partitions) }
    }

    /// The consumer starts these partitions at these positions: they count as answered progress,
    /// so the committer commits them (the group's committed offsets catch up).
    public func resume(at positions: [TopicPartitionOffset]) {
        var resume: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            state.commits.resume(at: positions)
            state.wake(maximumInFlight: maximumInFlight, progressed: true, into: &resume)
        }
        for continuation in resume { continuation.resume() }
    }

    /// Releases every waiter; later waits return at once. Used on shutdown.
    public func close() {
        var resume: [CheckedContinuation<Void, Never>] = []
        state.withLock { state in
            state.closed = true
            state.wake(maximumInFlight: maximumInFlight, into: &resume)
        }
        for continuation in resume { continuation.resume() }
    }
}
