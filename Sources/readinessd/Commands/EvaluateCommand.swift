import ArgumentParser
import ReadinessContract
import ReadinessRegistry

/// `readinessd evaluate`: offline evaluation of JSON-lines requests (contract §7, §8 "Offline framing").
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate requests offline: one JSON request per input line, one JSON result per output line.",
        discussion: """
            Each output line is {"kind":"response"|"rejection","key":…,"value":{…}}. Exit status 0 even \
            when some requests are rejected; 64 for bad arguments; 1 when the snapshot or the input cannot be used.
            """)

    @Option(name: .long, help: ArgumentHelp("Registry snapshot (JSON); artifacts resolve relative to its folder.", valueName: "file"))
    var registry: String

    @Option(name: .long, help: ArgumentHelp("Evaluation time (RFC 3339); default: the clock, read once.", valueName: "rfc3339"))
    var now: String?

    @Option(name: .long, help: ArgumentHelp("Values longer than this many bytes are rejected as oversized.", valueName: "n"))
    var maxMessageBytes: Int = 1 << 20

    @Argument(help: ArgumentHelp("Requests file, or - for standard input (the default).", valueName: "file"))
    var input: String = "-"

    func validate() throws {
        guard maxMessageBytes >= 0 else { throw ValidationError("--max-message-bytes must be a non-negative number of bytes") }
        if let now, RFC3339.parse(now) == nil {
            throw ValidationError("--now must be an RFC 3339 time such as 2026-06-02T12:00:00Z")
        }
    }

    func run() throws {
        let instant = now.flatMap(RFC3339.parse) ?? Timestamp.now()
        let snapshot: RegistrySnapshot
        do {
            snapshot = try SnapshotLoader.load(path: registry)
        } catch {
            throw CommandFailure(error.description)
        }
        var evaluator = OfflineEvaluator(snapshot: snapshot, now: instant, maximumMessageBytes: maxMessageBytes)
        let source = try LineSource(path: input)
        try source.forEachLine { line, number in
            evaluator.process(line, lineNumber: number)
            if evaluator.output.count >= 1 << 16 { evaluator.flush() }
        }
        evaluator.flush()
    }
}
