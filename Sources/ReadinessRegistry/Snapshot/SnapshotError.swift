/// Why a registry snapshot was refused. The description is one line an
/// operator can act on: the file, the place in the document, what was expected.
public enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not acceptable JSON (same strict rules as requests).
    case malformedJSON(path: String, problem: String)
    /// The document violates the snapshot schema at `field`.
    case schema(path: String, field: String, expected: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "registry snapshot \(path) cannot be read: \(reason)"
        case .malformedJSON(let path, let problem):
            "registry snapshot \(path) refused: not acceptable JSON: \(problem)"
        case .schema(let path, let field, let expected):
            "registry snapshot \(path) refused: \(field.isEmpty ? "top level" : field): expected \(expected)"
        }
    }
}
