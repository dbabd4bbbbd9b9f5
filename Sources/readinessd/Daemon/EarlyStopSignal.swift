import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Remembers SIGTERM/SIGINT that arrive before the service group owns the
/// signals (process start-up, configuration loading).
///
/// Without it such a signal would take its default action and kill the
/// process with a non-zero status. The handler only stores to an atomic
/// (async-signal-safe); the daemon checks it once the service group has
/// taken the signals over and stops cleanly if it is set.
enum EarlyStopSignal {
    static let requested = Atomic<Bool>(false)

    /// Installs the interim handler. Call first thing in `main`.
    static func install() {
        _ = requested.load(ordering: .relaxed)  // initialise before any signal can arrive
        let handler: @convention(c) (Int32) -> Void = { _ in
            EarlyStopSignal.requested.store(true, ordering: .relaxed)
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        signal(SIGHUP, SIG_IGN)  // a reload before start-up completes is moot: the snapshot is read fresh
    }

    /// Whether a stop was requested before the service group took over.
    static var wasRequested: Bool { requested.load(ordering: .relaxed) }
}
