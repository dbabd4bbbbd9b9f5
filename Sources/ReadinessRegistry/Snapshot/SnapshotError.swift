/// Why a registry snapshot was refused. The description is one line an
/// operator can act on: the file, the place in the document, what was expected.
public enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not acceptable JSON (same strict rules as requests).
    case malformedJSON(path: String, problem: String)
    /// The document violates the snapshot schema at `field`.
    case schema(path: String, field: String, expected: String)
    /// An artifact path at `field` leaves the artifact root (`how`: absolute, `..`, a symbolic link).
    case artifactOutsideRoot(path: String, field: String, artifact: String, how: String)
    /// An artifact could not be read for a reason that may pass (too many open files, I/O error):
    /// the snapshot is refused rather than the artifact judged missing.
    case artifactReadFailed(path: String, field: String, artifact: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "registry snapshot \(path) cannot be read: \(reason)"
        case .malformedJSON(let path, let problem):
            "registry snapshot \(path) refused: not acceptable JSON: \(problem)"
        case .schema(let path, let field, let expected):
            "registry snapshot \(path) refused: \(field.isEmpty ? "top level" : field): expected \(expected)"
        case .artifactOutsideRoot(let path, let field, let artifact, let how):
            "registry snapshot \(path) refused: \(field): artifact path \(artifact) is outside the artifact root "
                + "(\(how)); artifact paths must be relative paths inside registry.artifact_root"
        case .artifactReadFailed(let path, let field, let artifact, let reason):
            "registry snapshot \(path) refused: \(field): artifact \(artifact) could not be read (\(reason)); "
                + "not judged missing, retry the reload once the condition has passed"
        }
    }
}
