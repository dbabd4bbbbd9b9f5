import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Watches the snapshot's folder with inotify and reports when the snapshot
/// file was written or replaced (an atomic rename into place included).
///
/// Only finished changes count: `IN_CLOSE_WRITE` (a writer closed the file)
/// and `IN_MOVED_TO` (a file renamed into place). `IN_CREATE` is not watched:
/// it fires when a writer has only just created the file, and reading then
/// would see it half-written.
///
/// The blocking `poll` runs on a dedicated thread owned by the watcher, never
/// on the cooperative pool; a self-pipe wakes it for ``stop()``. Changes are
/// coalesced: ``changes`` keeps at most one pending notification, so a burst
/// of writes leads to one reload of the final file.
final class SnapshotFileWatcher: @unchecked Sendable {
    /// One element per (coalesced) change of the snapshot file.
    let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let inotify: Int32
    private let wakeup: (read: Int32, write: Int32)
    private let fileName: String
    private let finished = DispatchSemaphore(value: 0)

    /// The inotify events watched: a finished write or a rename into place, never a bare creation.
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO)

    /// Starts watching `path`; `nil` when inotify is unavailable.
    init?(path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        fileName = (path as NSString).lastPathComponent
        inotify = inotify_init1(Int32(IN_CLOEXEC))
        guard inotify >= 0 else { return nil }
        let mask = SnapshotFileWatcher.mask
        guard inotify_add_watch(inotify, directory.isEmpty ? "." : directory, mask) >= 0 else {
            close(inotify)
            return nil
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(inotify)
            return nil
        }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        wakeup = (fds[0], fds[1])
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let thread = Thread { [self] in self.watch() }
        thread.name = "readinessd.snapshot-watch"
        thread.start()
    }

    /// Stops the thread and ends ``changes``; returns once the thread is done.
    func stop() {
        var byte: UInt8 = 1
        _ = write(wakeup.write, &byte, 1)
        finished.wait()
        close(inotify)
        close(wakeup.read)
        close(wakeup.write)
    }

    private func watch() {
        defer {
            continuation.finish()
            finished.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeup.read, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            if eventsMention(buffer, count: count) { continuation.yield() }
        }
    }

    /// `true` when one of the `count` bytes of inotify events reports a finished change (``mask``)
    /// of the snapshot file.
    private func eventsMention(_ buffer: [UInt8], count: Int) -> Bool {
        buffer.withUnsafeBytes { Self.reportsChange(UnsafeRawBufferPointer(rebasing: $0[0..<count]), of: fileName) }
    }

    /// `true` when the inotify events in `events` include a finished change (``mask``: the
    /// kernel filters by it, and so does this, should the watch ever be widened) of `fileName`.
    static func reportsChange(_ events: UnsafeRawBufferPointer, of fileName: String) -> Bool {
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        while offset + headerSize <= events.count {
            let kind = events.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(events.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            if kind & mask != 0, length > 0, nameStart + length <= events.count {
                let name = events[nameStart..<(nameStart + length)].prefix { $0 != 0 }
                if String(decoding: name, as: UTF8.self) == fileName { return true }
            }
            offset = nameStart + length
        }
        return false
    }
}
