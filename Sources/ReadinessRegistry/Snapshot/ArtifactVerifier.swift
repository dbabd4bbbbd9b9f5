import Crypto

/// Verifies pack artifacts against their recorded SHA-256 digests.
///
/// Paths are joined to the artifact root as written; a directory or an
/// unreadable file counts as missing; digests compare case-insensitively
/// (SPEC §8). Each distinct file is hashed once per snapshot load.
public final class ArtifactVerifier {
    /// The folder artifact paths are relative to.
    public let root: String
    /// Keyed by the path's UTF-8 bytes: file names differing only in Unicode normalization are different files.
    private var digests: [[UInt8]: String?] = [:]

    /// Creates a verifier resolving artifacts under `root`.
    public init(root: String) {
        self.root = root
    }

    /// The verdict for one pack version's artifact.
    public func verify(artifact: String?, sha256: String?) -> RegistrySnapshot.ArtifactState {
        guard let artifact else { return .noArtifact }
        guard let sha256 else { return .noDigest }
        guard let actual = digest(of: artifact) else { return .missing }
        return actual == sha256.lowercased() ? .verified : .digestMismatch
    }

    /// The lower-case hex SHA-256 of the artifact file, or `nil` if it cannot be read.
    private func digest(of artifact: String) -> String? {
        let key = Array(artifact.utf8)
        if let cached = digests[key] { return cached }
        let path = root.hasSuffix("/") ? root + artifact : root + "/" + artifact
        var hasher = SHA256()
        let failure = FileBytes.stream(path) { hasher.update(bufferPointer: $0) }
        let result: String? = failure == nil ? hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined() : nil
        digests[key] = .some(result)
        return result
    }
}
