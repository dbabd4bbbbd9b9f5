import KafkaClient

/// The outputs between registration and their last delivery report, each in a reusable slot
/// addressed by a ``DeliveryToken``.
///
/// A slot keeps its output's ``OutputBatch`` alive while librdkafka may read the value (outputs are
/// produced with their values lent, ``KafkaValueLifetime/untilDeliveryReport``), so even an output
/// of a forgotten partition keeps its slot until its delivery report arrives. Not thread-safe: the
/// ledger holds it under its lock.
struct OutputSlots {
    /// One registered output.
    struct Slot {
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

        /// The input partition of the request the output answers.
        var source: TopicPartition { batch.source(of: index) }
        /// The input offset of the request the output answers.
        var sourceOffset: Int64 { batch.records[index].sourceOffset }
    }

    private var slots: [Slot?] = []
    private var generations: [UInt32] = []
    private var free: [Int] = []

    /// Puts output `index` of `batch` in a free slot (a new one when none is free) at the slot's
    /// next generation; returns its token.
    mutating func allocate(_ batch: OutputBatch, index: Int) -> DeliveryToken {
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
        } else {
            slot = slots.count
            slots.append(nil)
            generations.append(0)
        }
        generations[slot] &+= 1
        let generation = generations[slot]
        slots[slot] = Slot(batch: batch, index: index, generation: generation, attempts: 1, failingSince: nil)
        return DeliveryToken(slot: slot, generation: generation)
    }

    /// The output `token` names; `nil` when its slot was released or reused since.
    subscript(token: DeliveryToken) -> Slot? {
        guard token.slot < slots.count, let slot = slots[token.slot], slot.generation == token.generation else {
            return nil
        }
        return slot
    }

    /// Changes the output `token` names in place; does nothing when the token is stale.
    mutating func update(_ token: DeliveryToken, _ body: (inout Slot) -> Void) {
        guard token.slot < slots.count, slots[token.slot]?.generation == token.generation else { return }
        body(&slots[token.slot]!)
    }

    /// Empties the slot of `token` for reuse (its batch is released with the last slot holding it).
    mutating func release(_ token: DeliveryToken) {
        slots[token.slot] = nil
        free.append(token.slot)
    }

    /// The earliest first-failure instant among the occupied slots (`nil` when none failed).
    var earliestFailure: ContinuousClock.Instant? {
        slots.lazy.compactMap { $0?.failingSince }.min()
    }

    /// Marks every live output of `partitions` forgotten (see ``Slot/forgotten``); returns how many
    /// were marked and how many of those were failing.
    mutating func forget(_ partitions: Set<TopicPartition>) -> (outputs: Int, failing: Int) {
        var outputs = 0, failing = 0
        for index in slots.indices {
            guard let slot = slots[index], !slot.forgotten, partitions.contains(slot.source) else { continue }
            slots[index]!.forgotten = true
            slots[index]!.failingSince = nil
            outputs += 1
            if slot.failingSince != nil { failing += 1 }
        }
        return (outputs, failing)
    }
}
