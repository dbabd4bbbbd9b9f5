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
    }

    /// Reads the whole regular file at `path`.
    public static func read(_ path: String) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        let status = stream(path) { chunk in bytes.append(contentsOf: chunk) }
        if let status { throw ReadError(description: status) }
        return bytes
    }

    /// Calls `body` with successive chunks of the regular file at `path`;
    /// returns `nil` on success or the reason it could not be read.
    public static func stream(_ path: String, _ body: (UnsafeRawBufferPointer) -> Void) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return String(cString: strerror(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return "not a regular file" }
        return withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer -> String? in
            while true {
                let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if count == 0 { return nil }
                if count < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
    }

    /// The folder part of `path` (`.` when it has none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
