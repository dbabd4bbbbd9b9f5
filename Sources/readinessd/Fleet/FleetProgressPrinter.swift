import ReadinessFleet

#if canImport(Glibc)
import Glibc
#endif

/// Writes fleet progress to stderr: on a terminal one line rewritten in place
/// (carriage return) four times a second; otherwise a plain line every
/// `plainInterval` (logs, systemd journal, CI).
struct FleetProgressPrinter: Sendable {
    let isTerminal: Bool
    let plainInterval: Duration

    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, plainInterval: Duration = .seconds(5)) {
        self.isTerminal = isTerminal
        self.plainInterval = plainInterval
    }

    var interval: Duration { isTerminal ? .milliseconds(250) : plainInterval }

    /// Prints `progress` (in place on a terminal).
    func show(_ progress: FleetProgress) {
        if isTerminal {
            Self.write("\r" + progress.line + "\u{1B}[K")
        } else {
            Self.write(progress.line + "\n")
        }
    }

    /// Prints the final reading and ends the line.
    func finish(_ progress: FleetProgress) {
        if isTerminal {
            Self.write("\r" + progress.line + "\u{1B}[K\n")
        } else {
            Self.write(progress.line + "\n")
        }
    }

    private static func write(_ text: String) {
        var text = text
        text.withUTF8 { Standard.writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }
}
