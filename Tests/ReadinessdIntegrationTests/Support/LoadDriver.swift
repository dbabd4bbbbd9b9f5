import Testing
import Synchronization

/// Produces a scenario's requests in chunks while the daemon runs, keeping at most `backlog`
/// unanswered: load keeps flowing until a fault stops the answers, then waits — so every fault
/// lands mid-run with requests pending — and resumes once answers flow again.
final class LoadDriver: Sendable {
    let environment: IntegrationEnvironment
    let requests: [FaultRequest]
    let chunk: Int
    let backlog: Int
    private let landed = Mutex<[SourcePosition]>([])
    private let released: Mutex<Int>

    /// `released`: how many requests may be produced before ``release(upTo:)`` allows more (all by default).
    init(_ environment: IntegrationEnvironment, requests: [FaultRequest],
         chunk: Int = FaultScale.chunk, backlog: Int = FaultScale.backlog, released: Int? = nil) {
        self.released = Mutex(released ?? requests.count)
        self.environment = environment
        self.requests = requests
        self.chunk = chunk
        self.backlog = backlog
    }

    /// Where every produced request landed, in request order.
    var positions: [SourcePosition] { landed.withLock { $0 } }
    /// Requests produced so far.
    var producedCount: Int { landed.withLock { $0.count } }

    /// Allows the driver to produce up to `count` requests.
    func release(upTo count: Int) { released.withLock { $0 = max($0, min(count, requests.count)) } }

    /// Produces every request; returns when the broker acknowledged the last one.
    func run() async throws {
        var next = 0
        while next < requests.count {
            let produced = next
            try await Wait.until("fewer than \(backlog) requests unanswered", timeout: FaultScale.completion) {
                environment.collector.answeredCount >= produced - backlog && released.withLock { $0 } > produced
            }
            let end = min(next + chunk, requests.count, released.withLock { $0 })
            let positions = try await environment.produce(Array(requests[next..<end]))
            landed.withLock { $0 += positions }
            next = end
        }
    }

    /// Waits until at least `count` distinct requests were answered; on a timeout, prints what each of
    /// `daemons` says about itself (``DaemonProcess/diagnostics()``) before failing.
    func waitForAnswers(_ count: Int, _ what: String = "answers", diagnosing daemons: [DaemonProcess] = []) async throws {
        do {
            try await Wait.until("\(count) \(what)", timeout: FaultScale.completion) {
                environment.collector.answeredCount >= count
            }
        } catch {
            let read = environment.collector.snapshot
            let missing = positions.filter { !read.answered.contains($0) }.prefix(20).map { "\($0.partition):\($0.offset)" }
            print("fault-diagnostics (\(count) \(what)): the collector read \(read.outputs) outputs answering \(read.answered.count) "
                  + "requests; unanswered (partition:offset, first 20): \(missing.joined(separator: " "))")
            for daemon in daemons { print("fault-diagnostics (\(count) \(what)):\n\(daemon.diagnostics())") }
            throw error
        }
    }
}
