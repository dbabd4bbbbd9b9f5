/// Decides what to do about outputs that keep failing to be delivered (contract §6: never skip).
///
/// Fed with the ledger's ``DeliveryLedger/failingSince`` at every tick, it
/// returns one action: report that the produce path started failing, report
/// that it recovered, or give up once an output has been failing for longer
/// than `exitAfter` — the daemon then exits non-zero so that its supervisor
/// restarts it, and the uncommitted requests are redone by the next process.
struct ProduceFailureMonitor {
    /// What the pipeline must do after an observation.
    enum Action: Equatable {
        /// Nothing changed.
        case none
        /// Outputs started failing at `since`: mark the health state, log once.
        case reportFailing(since: ContinuousClock.Instant)
        /// Every failed output was delivered after failing for `after`.
        case reportRecovered(after: Duration)
        /// An output has been failing since `since`, longer than the bound: stop the worker.
        case giveUp(since: ContinuousClock.Instant)
    }

    enum State: Equatable {
        case healthy
        case failing(since: ContinuousClock.Instant)
        case gaveUp
    }

    /// How long an output may keep failing before the worker gives up.
    let exitAfter: Duration
    private(set) var state = State.healthy

    init(exitAfter: Duration) {
        self.exitAfter = exitAfter
    }

    /// Takes the oldest still-failing output's first failure (`nil` when none) at `now`.
    mutating func observe(failingSince: ContinuousClock.Instant?, now: ContinuousClock.Instant) -> Action {
        switch (state, failingSince) {
        case (.gaveUp, _):
            return .none
        case (.healthy, nil):
            return .none
        case (.failing(let since), nil):
            state = .healthy
            return .reportRecovered(after: now - since)
        case (.healthy, let since?):
            state = .failing(since: since)
            return now - since >= exitAfter ? giveUp(since) : .reportFailing(since: since)
        case (.failing, let since?):
            // The oldest failing output may have been delivered while a younger one still fails.
            state = .failing(since: since)
            return now - since >= exitAfter ? giveUp(since) : .none
        }
    }

    private mutating func giveUp(_ since: ContinuousClock.Instant) -> Action {
        state = .gaveUp
        return .giveUp(since: since)
    }
}
