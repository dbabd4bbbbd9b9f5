import ReadinessContract

/// Renders a ``FleetReport`` as aligned text: one line per request, then the summary.
///
/// Every text that comes from the snapshot or the topics passes
/// ``FleetTextEscaping/escaped(_:)`` first: control characters are printed as
/// `\u{1B}`-style escapes, never sent to the terminal.
public struct FleetTableRenderer: Sendable {
    /// How many unanswered or rejected requests the summary names before "… and N more"
    /// (the rows above list every one; JSON and CSV list all).
    public static let listLimit = 50
    private static let maximumColumnWidth = 40

    /// Creates a renderer.
    public init() {}

    /// The table and summary, ending with a newline.
    public func render(_ report: FleetReport) -> String {
        var out = ""
        let header = ["TENANT", "SCOPE", "STATUS", "CATALOG", "BLOCKERS / REASON"]
        let cells = report.rows.map(Self.cells)
        var widths = header.dropLast().map(\.count)
        for row in cells {
            for column in widths.indices {
                widths[column] = min(Self.maximumColumnWidth, max(widths[column], row[column].count))
            }
        }
        func line(_ values: [String]) {
            for (column, value) in values.enumerated() {
                if column == values.count - 1 {
                    out += value
                } else {
                    out += value + String(repeating: " ", count: max(1, widths[column] - value.count + 2))
                }
            }
            out += "\n"
        }
        line(header)
        cells.forEach(line)
        out += "\n"
        out += summary(report)
        return out
    }

    static func cells(_ row: FleetReport.Row) -> [String] {
        let tenant = escaped(row.target.tenantID), scope = escaped(row.target.scope)
        switch row.outcome {
        case .answered(let response):
            return [tenant, scope, response.readinessStatus.description, response.catalogStatus.description,
                    response.blockers.isEmpty ? "-" : response.blockers.map(escaped).joined(separator: "; ")]
        case .rejected(let rejection):
            return [tenant, scope, "REJECTED", "-", Self.describe(rejection)]
        case .unanswered:
            return [tenant, scope, "UNANSWERED", "-", "no answer before the run ended"]
        case .notSent(let reason):
            return [tenant, scope, "NOT SENT", "-", escaped(reason)]
        }
    }

    /// `reason at field: message`, escaped for the terminal.
    static func describe(_ rejection: FleetAnswer.Rejection) -> String {
        escaped(rejection.reason) + (rejection.field.map { " at " + escaped($0) } ?? "") + ": " + escaped(rejection.message)
    }

    private static func escaped(_ text: String) -> String { FleetTextEscaping.escaped(text) }

    private func summary(_ report: FleetReport) -> String {
        var out = "Fleet \(Self.escaped(report.batch.description)): \(report.rows.count) requests, \(Self.seconds(report.durationSeconds)), "
        out += report.completion == .allAnswered ? "all answered" : report.completion.rawValue.replacingUnderscores
        if !report.registryRevisions.isEmpty {
            out += ", registry revision \(report.registryRevisions.map(Self.escaped).joined(separator: ", "))"
        }
        out += "\n"
        out += "  requests:   answered \(report.count("answered"))  rejected \(report.count("rejected"))"
        out += "  unanswered \(report.count("unanswered"))"
        if report.count("not_sent") > 0 { out += "  not sent \(report.count("not_sent"))" }
        out += "\n"
        out += "  readiness: " + Self.counts(report.statusCounts) + "\n"
        out += "  catalog:   " + Self.counts(report.catalogStatusCounts) + "\n"
        if report.duplicateAnswers > 0 || report.foreignAnswers > 0 {
            out += "  ignored:    \(report.duplicateAnswers) repeated answers, \(report.foreignAnswers) answers to other requests\n"
        }
        if !report.topBlockers.isEmpty {
            out += "  most frequent blockers:\n"
            let width = String(report.topBlockers[0].count).count
            for blocker in report.topBlockers {
                let count = String(blocker.count)
                out += "    " + String(repeating: " ", count: width - count.count) + count + "  " + Self.escaped(blocker.text) + "\n"
            }
        }
        out += list("unanswered", report.unansweredRows)
        out += list("rejected", report.rejectedRows)
        out += "  exit status \(report.exitStatus.rawValue): \(report.exitStatus)\n"
        return out
    }

    private func list(_ title: String, _ rows: [FleetReport.Row]) -> String {
        guard !rows.isEmpty else { return "" }
        var out = "  \(title) (\(rows.count)):\n"
        for row in rows.prefix(Self.listLimit) {
            out += "    " + Self.escaped(row.target.tenantID) + " " + Self.escaped(row.target.scope)
            if case .rejected(let rejection) = row.outcome { out += " — " + Self.describe(rejection) }
            if case .notSent(let reason) = row.outcome { out += " — not sent: " + Self.escaped(reason) }
            out += "\n"
        }
        if rows.count > Self.listLimit { out += "    … and \(rows.count - Self.listLimit) more\n" }
        return out
    }

    static func counts(_ counts: [ReadinessStatus: Int]) -> String {
        FleetReport.statusOrder.map { " \($0) \(counts[$0] ?? 0)" }.joined(separator: " ")
    }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}

extension String {
    fileprivate var replacingUnderscores: String { replacing("_", with: " ") }
}
