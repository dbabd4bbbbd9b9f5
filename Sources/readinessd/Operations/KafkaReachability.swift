/// Whether any Kafka broker answers the daemon's consumer: the state machine behind
/// `/readyz`'s "Kafka unreachable" verdict, the `Kafka unreachable` / `Kafka reachable again`
/// log lines and the `readinessd_kafka_unreachable` gauge.
///
/// Observations come from librdkafka: its `_ALL_BROKERS_DOWN` error (every known broker is
/// down — librdkafka's own judgement, raised at once) and its statistics documents (broker
/// states, every `statistics.interval.ms`, at most 5 s for the daemon). A document with no
/// broker up also declares the outage (in case the error event is not raised), but only once a
/// broker was seen up, so the connections being made at start-up are not taken for an outage.
/// Only a document with a broker up ends an outage.
struct KafkaReachability: Sendable {
    /// What was observed.
    enum Observation: Sendable, Equatable {
        /// librdkafka reported `_ALL_BROKERS_DOWN`.
        case allBrokersDown
        /// A statistics document with these broker counts.
        case statistics(BrokerStatistics)
    }

    /// What the caller must do after an observation.
    enum Action: Sendable, Equatable {
        /// Nothing changed.
        case none
        /// An outage began: log `Kafka unreachable` once, mark not ready, set the gauge.
        case reportUnreachable
        /// The outage ended after `duration`: log `Kafka reachable again`, mark ready, clear the gauge.
        case reportReachableAgain(after: Duration)
    }

    /// The current state.
    enum State: Sendable, Equatable {
        /// No broker seen up yet (start-up); only `_ALL_BROKERS_DOWN` declares an outage.
        case connecting
        /// At least one broker is up.
        case reachable
        /// No broker answers since `since`.
        case unreachable(since: ContinuousClock.Instant)
    }

    private(set) var state = State.connecting

    /// Feeds one observation made at `now`; returns what to do.
    mutating func observe(_ observation: Observation, at now: ContinuousClock.Instant) -> Action {
        switch (state, observation) {
        case (.connecting, .allBrokersDown), (.reachable, .allBrokersDown):
            state = .unreachable(since: now)
            return .reportUnreachable
        case (.connecting, .statistics(let brokers)):
            if brokers.up > 0 { state = .reachable }
            return .none
        case (.reachable, .statistics(let brokers)):
            guard brokers.up == 0, brokers.attempted > 0 else { return .none }
            state = .unreachable(since: now)
            return .reportUnreachable
        case (.unreachable, .allBrokersDown):
            return .none
        case (.unreachable(let since), .statistics(let brokers)):
            guard brokers.up > 0 else { return .none }
            state = .reachable
            return .reportReachableAgain(after: now - since)
        }
    }
}
