#if canImport(Glibc)
import Glibc
#endif

/// Reads offline input and splits it on LF only (contract §8 "Offline framing").
///
/// A CR before the LF stays part of the line. Lines that are empty or hold
/// only space, TAB and CR bytes are skipped; line numbers count them.
struct LineSource {
    private let fd: Int32
    private let path: String

    /// Opens `path` (`-` for standard input).
    init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw CommandFailure("cannot read requests file \(path): \(String(cString: strerror(errno)))")
            }
            var info = stat()
            if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                close(fd)
                throw CommandFailure("cannot read requests file \(path): it is a directory")
            }
        }
    }

    /// Calls `body` with each non-blank line and its 1-based physical line number.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int) -> Void) throws {
        defer { if fd != STDIN_FILENO { close(fd) } }
        var pending: [UInt8] = []
        var lineNumber = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot read requests from \(path == "-" ? "standard input" : path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            var start = 0
            pending.withUnsafeBytes { bytes in
                while let newline = bytes[start...].firstIndex(of: 0x0A) {
                    lineNumber += 1
                    let line = UnsafeRawBufferPointer(rebasing: bytes[start..<newline])
                    if !LineSource.isBlank(line) { body(line, lineNumber) }
                    start = newline + 1
                }
            }
            pending.removeSubrange(0..<start)
        }
        if !pending.isEmpty {
            lineNumber += 1
            pending.withUnsafeBytes { line in
                if !LineSource.isBlank(line) { body(line, lineNumber) }
            }
        }
    }

    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
