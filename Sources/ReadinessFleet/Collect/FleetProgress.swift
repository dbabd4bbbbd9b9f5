/// A progress reading of a running fleet, and its one-line rendering
/// (`sent 40000/100000  answered 38512 (38.5%)  9,870/s  ETA 6 s`).
public struct FleetProgress: Sendable, Hashable {
    /// Requests handed to Kafka.
    public var sent: Int
    /// Requests answered, rejected or known not sent.
    public var answered: Int
    /// Requests in the plan.
    public var total: Int
    /// Seconds since sending started.
    public var elapsedSeconds: Double

    /// Creates a reading.
    public init(sent: Int, answered: Int, total: Int, elapsedSeconds: Double) {
        self.sent = sent
        self.answered = answered
        self.total = total
        self.elapsedSeconds = elapsedSeconds
    }

    /// Answers per second since the start (`nil` before the first answer).
    public var rate: Double? {
        guard answered > 0, elapsedSeconds > 0 else { return nil }
        return Double(answered) / elapsedSeconds
    }

    /// Seconds until every request is answered at the current rate (`nil` when unknown).
    public var etaSeconds: Double? {
        guard let rate else { return nil }
        return Double(total - answered) / rate
    }

    /// The progress line, without line ending.
    public var line: String {
        let percent = total == 0 ? 100 : answered * 1000 / total
        var text = "fleet: sent \(sent)/\(total)  answered \(answered) (\(percent / 10).\(percent % 10)%)"
        if let rate { text += "  \(Int(rate.rounded()))/s" }
        if answered < total {
            text += "  ETA " + (etaSeconds.map { Self.duration($0) } ?? "?")
        }
        text += "  elapsed " + Self.duration(elapsedSeconds)
        return text
    }

    /// `42 s`, `3 min 05 s`, `2 h 07 min`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(two(whole % 60)) s" }
        return "\(whole / 3600) h \(two(whole / 60 % 60)) min"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
