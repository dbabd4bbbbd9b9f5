/// The state machine of one fleet run: which requests to send next, which
/// answers belong to the run, and when the run is over.
///
/// Pure state, no I/O: each event returns the ``Action`` the caller performs
/// (produce a range of requests, or finish). Flow control: at most `window`
/// requests are outstanding (sent but neither answered nor known failed), so
/// a large fleet never floods the requests topic faster than the service
/// answers — the embedded broker keeps only a few MiB per partition — and
/// answers are consumed while requests are still being produced.
public struct FleetCollector: Sendable {
    /// How a run ended.
    public enum Completion: String, Sendable, Hashable {
        /// Every request was answered, rejected or known not sent.
        case allAnswered = "all_answered"
        /// The timeout passed first.
        case timedOut = "timed_out"
        /// The operator interrupted the run (SIGINT/SIGTERM).
        case interrupted
    }

    /// Where the run is.
    public enum Phase: Sendable, Hashable {
        /// Requests remain to be sent.
        case sending
        /// Everything was sent; answers are outstanding.
        case awaitingAnswers
        /// The run is over.
        case finished(Completion)
    }

    /// What the caller must do after an event.
    public enum Action: Sendable, Hashable {
        /// Nothing.
        case none
        /// Produce the requests with these indexes (in order).
        case send(Range<Int>)
        /// Stop consuming and report.
        case finish(Completion)
    }

    /// What ``record(index:answer:)`` made of an answer.
    public enum Receipt: Sendable, Hashable {
        /// The first answer to this request: recorded.
        case recorded
        /// The request was already settled (at-least-once delivery repeats outputs): ignored.
        case duplicate
        /// The run is over: ignored.
        case late
        /// The id names a request not sent yet (a forged or stale id): ignored, counted as foreign.
        case foreign
    }

    /// Requests in the plan.
    public let count: Int
    /// Maximum outstanding requests.
    public let window: Int
    /// The outcome of each request, by plan index.
    public private(set) var outcomes: [FleetOutcome]
    /// The run's phase.
    public private(set) var phase: Phase = .sending
    /// Requests handed to the caller for sending so far (`0..<sentCount`).
    public private(set) var sentCount = 0
    /// Settled requests (answered, rejected or not sent).
    public private(set) var settledCount = 0
    /// Repeated answers ignored.
    public private(set) var duplicateCount = 0
    /// Answers on the topics that belong to other requests (not this batch), ignored.
    public private(set) var foreignCount = 0
    private var started = false

    /// Creates the collector for `count` requests with at most `window` outstanding.
    public init(count: Int, window: Int) {
        precondition(count >= 0 && window > 0)
        self.count = count
        self.window = window
        self.outcomes = Array(repeating: .unanswered, count: count)
    }

    /// The run starts: send the first window (or finish at once when empty).
    public mutating func start() -> Action {
        guard !started else { return .none }
        started = true
        if count == 0 { return finish(.allAnswered) }
        return nextSend()
    }

    /// An answer to request `index` of this batch arrived.
    public mutating func record(index: Int, answer: FleetAnswer) -> (Receipt, Action) {
        precondition(index >= 0 && index < count, "request index \(index) out of range")
        if case .finished = phase { return (.late, .none) }
        guard index < sentCount else {
            foreignCount += 1
            return (.foreign, .none)
        }
        guard !outcomes[index].isSettled else {
            duplicateCount += 1
            return (.duplicate, .none)
        }
        switch answer {
        case .response(let response): outcomes[index] = .answered(response)
        case .rejection(let rejection): outcomes[index] = .rejected(rejection)
        }
        return (.recorded, settle())
    }

    /// Kafka refused request `index` (its delivery report failed).
    public mutating func deliveryFailed(index: Int, reason: String) -> Action {
        precondition(index >= 0 && index < sentCount, "request index \(index) was not sent")
        if case .finished = phase { return .none }
        guard !outcomes[index].isSettled else { return .none }
        outcomes[index] = .notSent(reason)
        return settle()
    }

    /// An answer that is not from this batch was seen (and ignored).
    public mutating func foreignAnswerSeen() {
        foreignCount += 1
    }

    /// The timeout passed.
    public mutating func deadlinePassed() -> Action {
        if case .finished = phase { return .none }
        return finish(.timedOut)
    }

    /// The operator asked to stop.
    public mutating func interrupted() -> Action {
        if case .finished = phase { return .none }
        return finish(.interrupted)
    }

    /// Requests sent but not settled.
    public var outstandingCount: Int { sentCount - settledCount }

    /// The completion, once finished.
    public var completion: Completion? {
        if case .finished(let completion) = phase { return completion }
        return nil
    }

    private mutating func settle() -> Action {
        settledCount += 1
        if settledCount == count { return finish(.allAnswered) }
        guard case .sending = phase else { return .none }
        // Refill in chunks of at least half a window (fewer, larger produce rounds).
        guard outstandingCount <= window / 2 else { return .none }
        return nextSend()
    }

    private mutating func nextSend() -> Action {
        let end = min(count, settledCount + window)
        guard end > sentCount else { return .none }
        let range = sentCount..<end
        sentCount = end
        if sentCount == count { phase = .awaitingAnswers }
        return .send(range)
    }

    private mutating func finish(_ completion: Completion) -> Action {
        phase = .finished(completion)
        return .finish(completion)
    }
}
