import KafkaClient
import Logging

extension ReadinessPipeline {
    /// Most commits a stop makes: the first, then one after each rebalance that refused the previous one.
    static let stopCommitAttempts = 3

    /// How a wait for the end of a rebalance during a stop ended.
    enum StopRebalanceEnd: Equatable {
        /// The consumer rejoined (an assignment arrived); these partitions' positions were committed
        /// in a revocation on the way.
        case rejoined(committedOnRevocation: Set<TopicPartition>)
        /// Every position was committed, in a revocation or inside the assignment that ended the
        /// rebalance (``KafkaConsumer/commitAtNextAssignment(_:)``).
        case allCommitted
        /// The deadline passed first.
        case timedOut
    }

    /// The stop's final commit of `positions`. A commit refused because a rebalance is under way
    /// (the member's generation is gone: `ILLEGAL_GENERATION`, `REBALANCE_IN_PROGRESS`,
    /// `UNKNOWN_MEMBER_ID`) is made again, with the generation the rebalance gives this member:
    /// in the revocation of the partitions it takes away (the member still owns them then, so the
    /// coordinator accepts the commit before any other member can read their committed offsets),
    /// and for the rest once the consumer has rejoined (an assignment event, empty or not, ends the
    /// rebalance); until `deadline`. The coordinator accepts a member's commit for partitions it no
    /// longer owns, so the next owners start after what this member answered. Returns whether every
    /// position was committed.
    func commitOnStop(_ positions: [TopicPartitionOffset], deadline: ContinuousClock.Instant) async -> Bool {
        var attempt = 1
        var pending = positions
        var assignments = consumer.assignmentCount
        var failure = await commitReportingError(pending, final: true, callerLogs: true)
        defer { if let failure { Self.logFinalCommitFailed(failure, logger: logger) } }
        while let error = failure, Self.isRebalanceRefusal(error.code), attempt < Self.stopCommitAttempts {
            logger.notice("stop commit refused during a rebalance; committing again in the revocation or once the consumer has rejoined",
                          metadata: ["error": "\(error)", "wait_at_most_ms": "\((deadline - .now).milliseconds)"])
            // No retry before the rejoin: a commit with the old generation would make librdkafka drop the
            // rejoin under way (it resets the generation and declares the assignment lost again).
            // The consumer commits inside the assignment that ends the rebalance, before this member or the
            // partitions' new owners start: after ILLEGAL_GENERATION the partitions were declared lost (#4059)
            // and their next owner reads their committed offset as soon as it is assigned.
            consumer.commitAtNextAssignment(pending)
            switch await waitForRebalanceEnd(after: assignments, until: deadline, committing: pending) {
            case .timedOut:
                _ = consumer.takeAssignmentCommitOutcome()  // withdraws the commit at the assignment
                logger.warning("stop: the rebalance did not end before the drain bound; the positions stay uncommitted")
                return false
            case .allCommitted:
                failure = nil
                return true
            case .rejoined(let committed):
                pending.removeAll { committed.contains($0.topicPartition) }
            }
            attempt += 1
            assignments = consumer.assignmentCount
            failure = await commitReportingError(pending, final: true, callerLogs: true)
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

    /// Serves the consumer's events while stopping (intake has ended): a revocation commits the
    /// `positions` not yet committed (unless the partitions were lost) and is then completed
    /// (nothing is in flight); message batches are dropped (not answered, so not committed: their
    /// next owner reads them). Ends when an assignment later than the consumer's `count`th arrives
    /// (an assignment event buffered before the refusal does not count), when every position was
    /// committed in revocations, or at `deadline`.
    private func waitForRebalanceEnd(
        after count: Int, until deadline: ContinuousClock.Instant, committing positions: [TopicPartitionOffset]
    ) async -> StopRebalanceEnd {
        await withTaskGroup(of: StopRebalanceEnd.self) { group in
            group.addTask {
                var committed: Set<TopicPartition> = []
                for await event in self.consumer.events {
                    switch event {
                    case .messages:
                        continue
                    case .partitionsRevoked(let revocation):
                        if !revocation.isLost {
                            // Every pending position, not only the revoked ones: inside a revocation the member
                            // holds the rebalance's generation, which the coordinator accepts; after it, the
                            // rebalance's next round may move the generation again (ILLEGAL_GENERATION).
                            let due = positions.filter { !committed.contains($0.topicPartition) }
                            if !due.isEmpty, await self.commitReportingError(due, final: true, callerLogs: true) == nil {
                                committed.formUnion(due.map(\.topicPartition))
                                self.logger.info("stop: committed the answered positions in a revocation",
                                                 metadata: ["positions": "\(due.map { "\($0.partition):\($0.offset)" }.joined(separator: ","))"])
                            }
                        }
                        revocation.complete()
                        if committed.count == Set(positions.map(\.topicPartition)).count {
                            _ = self.consumer.takeAssignmentCommitOutcome()  // withdraws the commit at the assignment
                            return .allCommitted
                        }
                    case .partitionsAssigned:
                        guard self.consumer.assignmentCount > count else { continue }
                        switch self.consumer.takeAssignmentCommitOutcome() {
                        case .success:
                            self.logger.info("stop: committed the answered positions inside the assignment that ended the rebalance")
                            return .allCommitted
                        case .failure(let error):
                            self.logger.notice("stop: the commit inside the assignment failed; committing again",
                                               metadata: ["error": "\(error)"])
                            return .rejoined(committedOnRevocation: committed)
                        case nil:
                            return .rejoined(committedOnRevocation: committed)
                        }
                    }
                }
                return .timedOut
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return .timedOut
            }
            let ended = await group.next() ?? .timedOut
            group.cancelAll()
            return ended
        }
    }
}
