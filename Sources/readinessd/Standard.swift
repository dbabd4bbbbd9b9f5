#if canImport(Glibc)
import Glibc
#endif

/// Direct writes to the standard streams (callers buffer; no stdio globals).
enum Standard {
    /// Writes one line to stderr.
    static func error(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }

    /// Writes a string to stdout.
    static func output(_ text: String) {
        var text = text
        text.withUTF8 { output($0) }
    }

    /// Writes bytes to stdout.
    static func output(_ bytes: UnsafeBufferPointer<UInt8>) {
        writeAll(STDOUT_FILENO, UnsafeRawBufferPointer(bytes))
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
