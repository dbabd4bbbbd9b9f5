/// What the worker pipeline needs to know besides its Kafka clients.
public struct PipelineConfiguration: Sendable {
    /// The input topic.
    public var requestsTopic: String
    /// The topic responses go to.
    public var responsesTopic: String
    /// The dead-letter topic rejections go to.
    public var rejectionsTopic: String
    /// Values longer than this are rejected as `oversized`.
    public var maximumMessageBytes: Int
    /// Outputs produced but not acknowledged before intake waits (bounds memory).
    public var maximumInFlight: Int
    /// Processing lanes: partitions are spread over this many concurrent tasks.
    public var lanes: Int
    /// Answers each lane keeps for repeated questions (0: no response cache).
    public var cachedResponses: Int
    /// Minimum time between two periodic commits.
    public var commitInterval: Duration
    /// How long a clean stop waits for in-flight outputs before giving up.
    public var drainTimeout: Duration
    /// First delay before producing a failed output again (doubles up to 5 s).
    public var retryBackoff: Duration
    /// How long an output may keep failing to be delivered before the pipeline stops with
    /// ``PipelineFailure/producePathBroken(failingFor:failingOutputs:lastError:)``.
    public var produceFailureExitAfter: Duration
    /// How long intake may see no consumer event, with nothing in flight, while requests wait on an
    /// assigned partition, before the stall is reported and fetching of that partition resumed
    /// (``IntakeStallMonitor``); `nil` disables the watch.
    public var intakeStallAfter: Duration?
    /// Whether the consumer starts a partition without a committed offset at its earliest message
    /// (`auto.offset.reset=earliest`): the intake watch then also judges such a partition, from its low watermark.
    public var uncommittedStartsAtEarliest: Bool

    /// Creates a configuration with production defaults for everything but the topics.
    public init(requestsTopic: String, responsesTopic: String, rejectionsTopic: String,
                maximumMessageBytes: Int = 1 << 20, maximumInFlight: Int = 50_000, lanes: Int = 2,
                cachedResponses: Int = 20_000,
                commitInterval: Duration = .milliseconds(200), drainTimeout: Duration = .seconds(20),
                retryBackoff: Duration = .milliseconds(100), produceFailureExitAfter: Duration = .seconds(300),
                intakeStallAfter: Duration? = .seconds(60), uncommittedStartsAtEarliest: Bool = false) {
        self.requestsTopic = requestsTopic
        self.responsesTopic = responsesTopic
        self.rejectionsTopic = rejectionsTopic
        self.maximumMessageBytes = maximumMessageBytes
        self.maximumInFlight = maximumInFlight
        self.lanes = max(1, lanes)
        self.cachedResponses = max(0, cachedResponses)
        self.commitInterval = commitInterval
        self.drainTimeout = drainTimeout
        self.retryBackoff = retryBackoff
        self.produceFailureExitAfter = produceFailureExitAfter
        self.intakeStallAfter = intakeStallAfter
        self.uncommittedStartsAtEarliest = uncommittedStartsAtEarliest
    }
}
