import Testing

/// Waiting on conditions (never on fixed sleeps).
enum Wait {
    struct TimedOut: Error, CustomStringConvertible {
        var description: String
    }

    /// Checks `condition` every 25 ms until it holds; fails the test after `timeout`. The condition
    /// may itself ask the broker (e.g. for the group's committed offsets).
    static func until(_ what: String, timeout: Duration = .seconds(30),
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for: \(what)", sourceLocation: sourceLocation)
                throw TimedOut(description: what)
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }
}
