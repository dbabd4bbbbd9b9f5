#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import ReadinessRegistry
import ReadinessWorker
import Synchronization
import Testing
import TestSupport
@testable import readinessd

/// Snapshot reloads are serialized and the newest request wins; the watcher reports finished
/// writes and renames into place.
@Suite("snapshot reloads")
struct SnapshotReloaderTests {
    static func registry(revision: Int) -> String {
        #"{"schema_version":"readinessd.registry.v1","revision":"\#(revision)","service":{"status":"available"}}"#
    }

    /// Writes revision `revision` to `path` the recommended way: a temporary file renamed into place.
    static func publish(_ revision: Int, to path: String) throws {
        try registry(revision: revision).write(toFile: path + ".tmp", atomically: false, encoding: .utf8)
        #expect(rename(path + ".tmp", path) == 0)
    }

    /// Waits until `condition` holds (at most 30 s).
    static func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// What the loads did: how many ran at once at most, and the revisions they read, in order.
    final class LoadRecord: Sendable {
        struct State {
            var running = 0
            var mostRunning = 0
            var order: [Int] = []
        }
        let state = Mutex(State())

        func started() {
            state.withLock {
                $0.running += 1
                $0.mostRunning = max($0.mostRunning, $0.running)
            }
        }

        func finished() { state.withLock { $0.running -= 1 } }

        func loaded(_ revision: Int) { state.withLock { $0.order.append(revision) } }
    }

    @Test("reloads requested concurrently run one at a time, and the newest snapshot is the one served")
    func reloadsAreSerializedAndTheNewestWins() async throws {
        let folder = try TemporaryDirectory("reload")
        let path = folder.path + "/registry.json"
        try Self.publish(0, to: path)
        let store = SnapshotStore(try SnapshotLoader.load(path: path))
        let loads = LoadRecord()
        let reloader = SnapshotReloader(path: path, store: store, notifier: SystemdNotifier(environment: [:]),
                                        metrics: SnapshotMetrics(), state: OperationalState(),
                                        logger: Logger(label: "reload-test")) { () throws(SnapshotError) -> RegistrySnapshot in
            loads.started()
            defer { loads.finished() }
            let snapshot = try SnapshotLoader.load(path: path)
            loads.loaded(Int(snapshot.revision)!)
            return snapshot
        }
        let reloads = Task { await reloader.performRequestedReloads() }
        let last = 60
        await withTaskGroup(of: Void.self) { group in
            group.addTask {  // the file watcher: a new revision, then a request
                for revision in 1...last {
                    try? Self.publish(revision, to: path)
                    reloader.requestReload(.fileChange)
                    await Task.yield()
                }
            }
            for _ in 0..<3 {  // SIGHUPs arriving meanwhile
                group.addTask {
                    for _ in 0..<last {
                        reloader.requestReload(.signal)
                        await Task.yield()
                    }
                }
            }
        }
        try await Self.waitUntil("revision \(last) is served") { store.evaluator.snapshot.revision == "\(last)" }
        reloads.cancel()
        await reloads.value
        #expect(loads.state.withLock { $0.mostRunning } == 1, "reloads overlapped")
        let order = loads.state.withLock { $0.order }
        #expect(order == order.sorted(), "an older snapshot was swapped in after a newer one: \(order)")
        #expect(store.evaluator.snapshot.revision == "\(last)")
    }

    @Test("a refused reload keeps the last good snapshot")
    func refusedReloadKeepsServing() async throws {
        let folder = try TemporaryDirectory("reload")
        let path = folder.path + "/registry.json"
        try Self.publish(1, to: path)
        let store = SnapshotStore(try SnapshotLoader.load(path: path))
        let reloader = SnapshotReloader(path: path, artifactRoot: nil, store: store,
                                        notifier: SystemdNotifier(environment: [:]), metrics: SnapshotMetrics(),
                                        state: OperationalState(), logger: Logger(label: "reload-test"))
        try #"{"schema_version":"readinessd.registry.v1","revision":"2","packs":{"p":{"latest":"1","versions":{"1":{"artifact":"../x","sha256":"\#(String(repeating: "0", count: 64))"}}}}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(await reloader.reload() == false)
        #expect(store.evaluator.snapshot.revision == "1")
        try Self.publish(3, to: path)
        #expect(await reloader.reload() == true)
        #expect(store.evaluator.snapshot.revision == "3")
    }

    @Test("the watcher reports a finished write and a rename into place, and does not watch bare creations")
    func watcherReportsFinishedChanges() async throws {
        #expect(SnapshotFileWatcher.mask & UInt32(IN_CREATE) == 0)
        #expect(SnapshotFileWatcher.mask & UInt32(IN_CLOSE_WRITE) != 0)
        #expect(SnapshotFileWatcher.mask & UInt32(IN_MOVED_TO) != 0)
        let folder = try TemporaryDirectory("watch")
        let path = folder.path + "/registry.json"
        let watcher = try #require(SnapshotFileWatcher(path: path))
        defer { watcher.stop() }
        var changes = watcher.changes.makeAsyncIterator()
        // Written in place and closed.
        try Self.registry(revision: 1).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(await changes.next() != nil)
        // Renamed into place.
        try Self.publish(2, to: path)
        #expect(await changes.next() != nil)
    }

    /// One inotify event record for `name` (padded to 16 bytes, as the kernel does).
    static func event(_ kind: Int32, _ name: String) -> [UInt8] {
        var padded = Array(name.utf8) + [0]
        while padded.count % 16 != 0 { padded.append(0) }
        var record: [UInt8] = []
        withUnsafeBytes(of: Int32(1)) { record += $0 }
        withUnsafeBytes(of: UInt32(bitPattern: kind)) { record += $0 }
        withUnsafeBytes(of: UInt32(0)) { record += $0 }
        withUnsafeBytes(of: UInt32(padded.count)) { record += $0 }
        return record + padded
    }

    @Test("a bare creation of the snapshot file, or a change of another file, is not a change to reload")
    func creationIsNotAChange() {
        func reports(_ events: [UInt8]) -> Bool {
            events.withUnsafeBytes { SnapshotFileWatcher.reportsChange($0, of: "registry.json") }
        }
        #expect(!reports(Self.event(IN_CREATE, "registry.json")))
        #expect(!reports(Self.event(IN_MODIFY, "registry.json") + Self.event(IN_OPEN, "registry.json")))
        #expect(!reports(Self.event(IN_CLOSE_WRITE, "registry.json.tmp") + Self.event(IN_MOVED_TO, "other.json")))
        #expect(reports(Self.event(IN_CREATE, "registry.json") + Self.event(IN_CLOSE_WRITE, "registry.json")))
        #expect(reports(Self.event(IN_CLOSE_WRITE, "registry.json.tmp") + Self.event(IN_MOVED_TO, "registry.json")))
    }
}
