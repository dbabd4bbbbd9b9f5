import Crypto

/// Verifies pack artifacts against their recorded SHA-256 digests.
///
/// An artifact path must stay inside the artifact root (contract §5): an
/// absolute path, a `..` that climbs out, or a symbolic link that resolves
/// outside the root refuses the whole snapshot (``Problem/outsideRoot(_:)``).
/// A file that is absent, not permitted, or not a regular file (a FIFO,
/// directory, socket or device — never opened for reading) counts as missing
/// (contract §8). A read failure that says nothing about the file (too many
/// open files, an I/O error) refuses the snapshot too
/// (``Problem/transientReadFailure(_:)``): it must not become the verdict
/// "missing", so the last good snapshot keeps serving. Digests compare
/// case-insensitively; each distinct file is hashed once per snapshot load.
public final class ArtifactVerifier {
    /// Why an artifact refuses the whole snapshot.
    public enum Problem: Error, Sendable, Equatable {
        /// The path leaves the artifact root; the text says how.
        case outsideRoot(String)
        /// The file could not be read for a reason that may pass (the `strerror` text).
        case transientReadFailure(String)
    }

    /// The folder artifact paths are relative to.
    public let root: String
    /// The root with symbolic links resolved (`nil` when it does not exist: every artifact is then missing).
    private let resolvedRoot: Result<String, FileBytes.ReadError>
    /// Keyed by the path's UTF-8 bytes: file names differing only in Unicode normalization are different files.
    private var digests: [[UInt8]: String?] = [:]

    /// Reads a file chunk by chunk (``FileBytes/stream(_:_:)``; tests substitute failures).
    typealias Reader = (String, (UnsafeRawBufferPointer) -> Void) throws(FileBytes.ReadError) -> Void
    private let reader: Reader

    /// Creates a verifier resolving artifacts under `root`.
    public convenience init(root: String) {
        self.init(root: root) { (path, body) throws(FileBytes.ReadError) in try FileBytes.stream(path, body) }
    }

    /// Creates a verifier reading artifact files with `reader`.
    init(root: String, reader: @escaping Reader) {
        self.root = root
        self.reader = reader
        resolvedRoot = FileBytes.realPath(root.isEmpty ? "." : root)
    }

    /// The verdict for one pack version's artifact.
    public func verify(artifact: String?, sha256: String?) throws(Problem) -> RegistrySnapshot.ArtifactState {
        guard let artifact else { return .noArtifact }
        guard let sha256 else { return .noDigest }
        guard let actual = try digest(of: artifact) else { return .missing }
        return actual == sha256.lowercased() ? .verified : .digestMismatch
    }

    /// The lower-case hex SHA-256 of the artifact file, or `nil` if it is missing.
    private func digest(of artifact: String) throws(Problem) -> String? {
        let key = Array(artifact.utf8)
        if let cached = digests[key] { return cached }
        let result = try hash(try resolve(artifact))
        digests[key] = .some(result)
        return result
    }

    /// The artifact's canonical path inside the root, or `nil` when it does not exist.
    private func resolve(_ artifact: String) throws(Problem) -> String? {
        if artifact.hasPrefix("/") { throw .outsideRoot("an absolute path") }
        var depth = 0
        for component in artifact.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": depth -= 1
            default: depth += 1
            }
            if depth < 0 { throw .outsideRoot("`..` climbs out of the artifact root") }
        }
        let root: String
        switch resolvedRoot {
        case .success(let path): root = path
        case .failure(let error):
            if error.isTransient { throw .transientReadFailure("artifact root \(self.root): \(error.description)") }
            return nil
        }
        switch FileBytes.realPath(root == "/" ? "/" + artifact : root + "/" + artifact) {
        case .success(let path):
            guard root == "/" || path == root || path.hasPrefix(root + "/") else {  // the root itself: a directory, missing
                throw .outsideRoot("a symbolic link resolves to \(path)")
            }
            return path
        case .failure(let error):
            if error.isTransient { throw .transientReadFailure(error.description) }
            return nil
        }
    }

    /// The digest of the regular file at `path`; `nil` when there is none to read.
    private func hash(_ path: String?) throws(Problem) -> String? {
        guard let path else { return nil }
        var hasher = SHA256()
        do {
            try reader(path) { hasher.update(bufferPointer: $0) }
        } catch {
            if error.isTransient { throw .transientReadFailure(error.description) }
            return nil
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
