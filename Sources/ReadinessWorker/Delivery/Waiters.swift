/// Tasks suspended until a condition holds: the one waiter list behind every wait of the
/// ``DeliveryLedger`` (capacity, drains, progress, failures).
///
/// Each waiter has an id, so that a cancelled task can take its continuation back
/// (``remove(_:)``), and a `Condition` that the owner tests when something changed
/// (``resume(where:into:)``). Continuations are handed back to the owner, which resumes them
/// after releasing its lock. Not thread-safe: the owner holds it under its lock.
struct Waiters<Condition> {
    private var waiting: [(id: Int, condition: Condition, continuation: CheckedContinuation<Void, Never>)] = []
    private var lastID = 0

    /// Whether nobody waits.
    var isEmpty: Bool { waiting.isEmpty }

    /// How many wait for a condition matching `predicate`.
    func count(where predicate: (Condition) -> Bool) -> Int {
        waiting.reduce(0) { $0 + (predicate($1.condition) ? 1 : 0) }
    }

    /// Whether someone waits for a condition matching `predicate`.
    func contains(where predicate: (Condition) -> Bool) -> Bool {
        waiting.contains { predicate($0.condition) }
    }

    /// A new waiter id.
    mutating func makeID() -> Int {
        lastID += 1
        return lastID
    }

    /// Parks `continuation` under `id` until `condition` holds.
    mutating func add(_ id: Int, _ condition: Condition, _ continuation: CheckedContinuation<Void, Never>) {
        waiting.append((id, condition, continuation))
    }

    /// Takes back the continuation parked under `id` (its task was cancelled); `nil` when it was
    /// resumed already.
    mutating func remove(_ id: Int) -> CheckedContinuation<Void, Never>? {
        waiting.firstIndex { $0.id == id }.map { waiting.remove(at: $0).continuation }
    }

    /// Removes the waiters whose condition `isMet` and appends their continuations to `resume`.
    mutating func resume(where isMet: (Condition) -> Bool, into resume: inout [CheckedContinuation<Void, Never>]) {
        guard !waiting.isEmpty else { return }
        waiting.removeAll { waiter in
            guard isMet(waiter.condition) else { return false }
            resume.append(waiter.continuation)
            return true
        }
    }
}
