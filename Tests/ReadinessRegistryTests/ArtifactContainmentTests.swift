#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import ReadinessRegistry
import Testing
import TestSupport

/// Artifact paths stay inside the artifact root; what is not a regular file is missing without being
/// read; a read failure that may pass refuses the snapshot instead of becoming the verdict "missing".
@Suite("Artifact containment")
struct ArtifactContainmentTests {
    /// A snapshot whose pack `p` version `1` names `artifact` with the digest of "hello\n".
    static func members(_ artifact: String) -> String {
        let escaped = artifact.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #""packs":{"p":{"latest":"1","versions":{"1":{"artifact":""# + escaped + #"","sha256":""# + Digest.hello + #""}}}}"#
    }

    /// The artifact state of `p` 1 in a snapshot loaded against `root`.
    static func state(_ artifact: String, root: String) throws -> RegistrySnapshot.ArtifactState? {
        let loaded = try snapshot(members(artifact), artifactRoot: root)
        return loaded.packs["p"]?.versions["1"]?.artifactState
    }

    /// The refusal of a snapshot naming `artifact` against `root`.
    static func refusal(_ artifact: String, root: String) -> SnapshotError? {
        do {
            _ = try snapshot(members(artifact), artifactRoot: root)
            return nil
        } catch {
            return error as? SnapshotError
        }
    }

    @Test("paths that leave the root refuse the snapshot, naming the field and how")
    func escapingPathsAreRefused() throws {
        let outside = try TemporaryDirectory("outside")
        let secret = try outside.write("secret.bin", "hello\n")
        let root = try TemporaryDirectory("artifacts")
        try root.makeDirectory("packs")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/packs/link.bin", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/packs/dir", withDestinationPath: outside.path)
        for (artifact, how) in [("../" + (outside.path as NSString).lastPathComponent + "/secret.bin", "`..`"),
                                ("packs/../../x.bin", "`..`"), (secret, "an absolute path"),
                                ("packs/link.bin", "symbolic link"), ("packs/dir/secret.bin", "symbolic link")] {
            let error = try #require(Self.refusal(artifact, root: root.path), "\(artifact) was accepted")
            guard case .artifactOutsideRoot(_, let field, let named, let reason) = error else {
                Issue.record("\(artifact): \(error)")
                continue
            }
            #expect(field == "packs.p.versions.1.artifact")
            #expect(named == artifact)
            #expect(reason.contains(how), "\(reason)")
            #expect(error.description.contains("outside the artifact root"))
        }
    }

    @Test("paths and links that stay inside the root are verified")
    func containedPathsAreVerified() throws {
        let root = try TemporaryDirectory("artifacts")
        try root.write("packs/p-1.bin", "hello\n")
        try root.makeDirectory("other")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/other/alias.bin", withDestinationPath: "../packs/p-1.bin")
        for artifact in ["packs/p-1.bin", "./packs/p-1.bin", "other/../packs/p-1.bin", "other/alias.bin"] {
            #expect(try Self.state(artifact, root: root.path) == .verified, "\(artifact)")
        }
        #expect(try Self.state("packs/absent.bin", root: root.path) == .missing)
    }

    @Test("a FIFO or a directory is missing, and the load does not block on the FIFO",
          .timeLimit(.minutes(1)))
    func nonRegularFilesAreMissing() throws {
        let root = try TemporaryDirectory("artifacts")
        #expect(mkfifo(root.path + "/pipe.bin", 0o600) == 0)
        try root.makeDirectory("folder.bin")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/null.bin", withDestinationPath: "/dev/null")
        #expect(try Self.state("pipe.bin", root: root.path) == .missing)
        #expect(try Self.state("folder.bin", root: root.path) == .missing)
        // A link to a device outside the root is refused before it could be opened.
        #expect(Self.refusal("null.bin", root: root.path) != nil)
    }

    @Test("a registry snapshot that is a FIFO is refused without blocking", .timeLimit(.minutes(1)))
    func snapshotFIFOIsRefused() throws {
        let root = try TemporaryDirectory("snapshot")
        #expect(mkfifo(root.path + "/registry.json", 0o600) == 0)
        #expect(throws: SnapshotError.unreadable(path: root.path + "/registry.json", reason: "not a regular file")) {
            _ = try SnapshotLoader.load(path: root.path + "/registry.json")
        }
    }

    @Test("a read failure that may pass (EMFILE, EIO, ENFILE) refuses the snapshot; a permanent one is missing")
    func transientReadFailuresRefuse() throws {
        let root = try TemporaryDirectory("artifacts")
        try root.write("p.bin", "hello\n")
        let text = #"{"schema_version":"readinessd.registry.v1","revision":"r","# + Self.members("p.bin") + "}"
        for code in [EMFILE, EIO, ENFILE, ENOMEM] {
            let verifier = ArtifactVerifier(root: root.path) { (_, _) throws(FileBytes.ReadError) in throw .errno(code) }
            #expect {
                _ = try SnapshotLoader.load(bytes: Array(text.utf8), name: "registry.json", artifacts: verifier)
            } throws: { error in
                guard case .artifactReadFailed(_, "packs.p.versions.1.artifact", "p.bin", let reason)? = error as? SnapshotError
                else { return false }
                return reason == String(cString: strerror(code))
            }
        }
        for code in [ENOENT, EACCES] {
            let verifier = ArtifactVerifier(root: root.path) { (_, _) throws(FileBytes.ReadError) in throw .errno(code) }
            let loaded = try SnapshotLoader.load(bytes: Array(text.utf8), name: "registry.json", artifacts: verifier)
            #expect(loaded.packs["p"]?.versions["1"]?.artifactState == .missing)
        }
    }
}
