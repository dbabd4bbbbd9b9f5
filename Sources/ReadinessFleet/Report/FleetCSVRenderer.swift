/// Renders a ``FleetReport`` as CSV (RFC 4180, `--format csv`): a header and
/// one row per request. Columns: `tenant_id, catalog_scope, outcome,
/// readiness_status, catalog_status, latest_catalog_version, blockers`
/// (joined with ` | `), `rejection_reason, rejection_field, rejection_message,
/// correlation_id`. The summary is not part of the CSV (use `--format json`).
public struct FleetCSVRenderer: Sendable {
    /// The header line's fields.
    public static let columns = [
        "tenant_id", "catalog_scope", "outcome", "readiness_status", "catalog_status", "latest_catalog_version",
        "blockers", "rejection_reason", "rejection_field", "rejection_message", "correlation_id",
    ]

    /// Creates a renderer.
    public init() {}

    /// Header and rows, CRLF line endings (RFC 4180).
    public func render(_ report: FleetReport) -> String {
        var out = Self.columns.joined(separator: ",") + "\r\n"
        for row in report.rows {
            var fields = [row.target.tenantID, row.target.scope, row.outcome.word]
            switch row.outcome {
            case .answered(let response):
                fields += [response.readinessStatus.description, response.catalogStatus.description,
                           response.latestCatalogVersion ?? "", response.blockers.joined(separator: " | "), "", "", ""]
            case .rejected(let rejection):
                fields += ["", "", "", "", rejection.reason, rejection.field ?? "", rejection.message]
            case .unanswered:
                fields += ["", "", "", "", "", "", ""]
            case .notSent(let reason):
                fields += ["", "", "", "", "", "", reason]
            }
            fields.append(row.correlationID)
            out += fields.map(Self.field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The first characters that make a spreadsheet read a cell as a formula (or, for TAB
    /// and CR, that some spreadsheets skip before looking for one).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Quotes a field when it holds a comma, quote, CR or LF (quotes doubled).
    ///
    /// A field starting with `=`, `+`, `-`, `@`, TAB or CR is neutralised the usual
    /// way (OWASP "CSV injection"): prefixed with `'` and always quoted, so that a
    /// spreadsheet shows it as text instead of running it. Tenant ids, scopes,
    /// blockers and rejection texts come from the snapshot and the topics, so any of
    /// them can start that way.
    static func field(_ value: String) -> String {
        let neutralised = value.unicodeScalars.first.map { formulaStarts.contains($0) } ?? false
        let text = neutralised ? "'" + value : value
        guard neutralised || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
