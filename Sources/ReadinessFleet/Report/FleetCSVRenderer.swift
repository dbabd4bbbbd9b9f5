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

    /// Quotes a field when it holds a comma, quote, CR or LF (quotes doubled).
    /// A field starting with `=`, `+`, `-` or `@` is prefixed with `'` so that
    /// spreadsheets do not run it as a formula (tenant ids come from operators).
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }
}
