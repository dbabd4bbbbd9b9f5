import Metrics
import NIOCore
import Synchronization

/// Caps the operations listener's open connections at ``maximum``, keeping room for new ones.
///
/// A connection beyond the cap does not wait in the listen backlog behind idle ones (which
/// is what refusing to accept would do: a scrape queued behind a thousand idle connections
/// waits for their idle timeouts). Instead the oldest connection that has no request in
/// progress is closed to make room; only when every open connection is busy is the new one
/// closed. So a Prometheus scrape is answered at once however many idle connections
/// someone holds open, and the listener never holds more than ``maximum`` sockets, which
/// keeps file descriptors for the Kafka clients. Counted in
/// `readinessd_http_connections_evicted_total`.
final class ConnectionLimiter: Sendable {
    /// The most connections held open at once.
    let maximum: Int
    private let state = Mutex(State())
    private let evictions = Counter(label: "readinessd_http_connections_evicted_total")

    private struct State {
        var nextID = 0
        /// Open connections by id; ids grow with acceptance order, so the smallest is the oldest.
        var open: [Int: (channel: any Channel, busy: Bool)] = [:]
    }

    /// A limiter holding at most `maximum` (at least 1) connections.
    init(maximum: Int) {
        self.maximum = max(maximum, 1)
    }

    /// Connections open now.
    var openCount: Int { state.withLock { $0.open.count } }

    /// Registers a newly accepted connection; returns its id. Closes one connection (the oldest
    /// idle one, else this one) when the cap is exceeded.
    func opened(_ channel: any Channel) -> Int {
        let (id, victim) = state.withLock { state -> (Int, (any Channel)?) in
            let id = state.nextID
            state.nextID += 1
            state.open[id] = (channel, false)
            guard state.open.count > maximum else { return (id, nil) }
            let oldestIdle = state.open.filter { $0.key != id && !$0.value.busy }.keys.min() ?? id
            let victim = state.open.removeValue(forKey: oldestIdle)?.channel
            return (id, victim)
        }
        if let victim {
            evictions.increment()
            victim.close(promise: nil)
        }
        return id
    }

    /// Marks connection `id` as serving a request (`true`) or idle (`false`).
    func setBusy(_ id: Int, _ busy: Bool) {
        state.withLock { state in
            if state.open[id] != nil { state.open[id]!.busy = busy }
        }
    }

    /// Forgets connection `id` (closed).
    func closed(_ id: Int) {
        _ = state.withLock { $0.open.removeValue(forKey: id) }
    }

    /// A handler for one connection's pipeline, reporting to this limiter.
    func handler() -> ConnectionLimitHandler {
        ConnectionLimitHandler(limiter: self)
    }
}
