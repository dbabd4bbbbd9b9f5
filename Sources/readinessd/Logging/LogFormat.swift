/// How log lines are written to stderr: `log.format`.
enum LogFormat: String, Sendable, CaseIterable {
    /// JSON lines under systemd (journald), text otherwise.
    case auto
    /// One JSON object per line.
    case json
    /// Human-readable text (swift-log's stream format).
    case text

    /// The concrete format: `auto` becomes `json` when the process runs under
    /// systemd (`JOURNAL_STREAM`, `INVOCATION_ID` or `NOTIFY_SOCKET` is set), else `text`.
    func resolved(environment: [String: String]) -> LogFormat {
        guard self == .auto else { return self }
        let systemd = ["JOURNAL_STREAM", "INVOCATION_ID", "NOTIFY_SOCKET"].contains { !(environment[$0] ?? "").isEmpty }
        return systemd ? .json : .text
    }
}
