#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file helpers (no Foundation on the snapshot path).
public enum FileBytes {
    /// Why a file could not be read.
    public struct ReadError: Error, CustomStringConvertible, Sendable {
        /// What went wrong, e.g. "No such file or directory".
        public var description: String
        /// `true` when the failure says nothing about the file (too many open files, an I/O
        /// error, no memory): retrying later may succeed, so it must not become a verdict.
        public var isTransient: Bool

        /// Creates a value.
        public init(description: String, isTransient: Bool) {
            self.description = description
            self.isTransient = isTransient
        }

        /// The error for `errno` value `code`.
        static func errno(_ code: Int32) -> ReadError {
            ReadError(description: String(cString: strerror(code)), isTransient: isTransientErrno(code))
        }
    }

    /// Errors about the file itself (absent, not permitted, not a file): everything else is transient.
    private static let permanentErrnos: Set<Int32> = [ENOENT, ENOTDIR, EACCES, EPERM, ELOOP, ENAMETOOLONG, EISDIR, ENXIO, ENODEV]

    static func isTransientErrno(_ code: Int32) -> Bool { !permanentErrnos.contains(code) }

    /// Reads the whole regular file at `path`.
    public static func read(_ path: String) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        try stream(path) { chunk in bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// Calls `body` with successive chunks of the regular file at `path`.
    ///
    /// A FIFO, directory, socket or device is refused ("not a regular file") after a `stat`,
    /// without being opened; the open itself is non-blocking, so a file swapped for a FIFO
    /// in between cannot block the caller either.
    public static func stream(_ path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws(ReadError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .errno(errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ReadError(description: "not a regular file", isTransient: false) }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .errno(errno) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { throw .errno(errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ReadError(description: "not a regular file", isTransient: false) }
        let failure = withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer -> Int32? in
            while true {
                let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if count == 0 { return nil }
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
        if let failure { throw .errno(failure) }
    }

    /// The folder part of `path` (`.` when it has none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The canonical absolute form of `path` (symbolic links, `.` and `..` resolved), or the
    /// `errno` of the failure.
    static func realPath(_ path: String) -> Result<String, ReadError> {
        guard let resolved = realpath(path, nil) else { return .failure(.errno(errno)) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }
}
