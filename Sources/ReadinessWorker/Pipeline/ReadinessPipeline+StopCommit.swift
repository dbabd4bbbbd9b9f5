import KafkaClient
import Logging

extension ReadinessPipeline {
    /// Most commits a stop makes: the first, then one after each rebalance that refused the previous one.
    static let stopCommitAttempts = 3

    /// The stop's final commit of `positions`. A commit refused because a rebalance is under way
    /// (the member's generation is gone: `ILLEGAL_GENERATION`, `REBALANCE_IN_PROGRESS`,
    /// `UNKNOWN_MEMBER_ID`) is made again once the consumer has rejoined — an assignment event, empty
    /// or not, ends the rebalance — so that it carries the new generation; until `deadline`.
    /// The coordinator accepts a member's commit for partitions it no longer owns, so the next
    /// owners start after what this member answered. Returns whether the positions were committed.
    func commitOnStop(_ positions: [TopicPartitionOffset], deadline: ContinuousClock.Instant) async -> Bool {
        var attempt = 1
        var assignments = consumer.assignmentCount
        var failure = await commitReportingError(positions, final: true, callerLogs: true)
        defer { if let failure { Self.logFinalCommitFailed(failure, logger: logger) } }
        while let error = failure, Self.isRebalanceRefusal(error.code), attempt < Self.stopCommitAttempts {
            logger.notice("stop commit refused during a rebalance; committing again once the consumer has rejoined",
                          metadata: ["error": "\(error)", "wait_at_most_ms": "\((deadline - .now).milliseconds)"])
            // No retry before the rejoin: a commit with the old generation would make librdkafka drop the
            // rejoin under way (it resets the generation and declares the assignment lost again).
            guard await waitForRebalanceEnd(after: assignments, until: deadline) else {
                logger.warning("stop: the rebalance did not end before the drain bound; the positions stay uncommitted")
                return false
            }
            attempt += 1
            assignments = consumer.assignmentCount
            failure = await commitReportingError(positions, final: true, callerLogs: true)
        }
        return failure == nil
    }

    static func logFinalCommitFailed(_ error: KafkaError, logger: Logger) {
        logger.warning("final commit failed; the partitions' next owner repeats their uncommitted outputs",
                       metadata: ["error": "\(error)"])
    }

    static func isRebalanceRefusal(_ code: KafkaErrorCode?) -> Bool {
        CommitHold.isRebalanceRefusal(code) || code == .unknownMemberID
    }

    /// Serves the consumer's events while stopping (intake has ended): revocations are completed at
    /// once (nothing is in flight), message batches are dropped (not answered, so not committed: their
    /// next owner reads them), until an assignment later than the consumer's `count`th arrives (`true`;
    /// an assignment event buffered before the refusal does not count) or `deadline` passes.
    private func waitForRebalanceEnd(after count: Int, until deadline: ContinuousClock.Instant) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in self.consumer.events {
                    switch event {
                    case .messages: continue
                    case .partitionsRevoked(let revocation): revocation.complete()
                    case .partitionsAssigned: if self.consumer.assignmentCount > count { return true }
                    }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return false
            }
            let ended = await group.next() ?? false
            group.cancelAll()
            return ended
        }
    }
}
