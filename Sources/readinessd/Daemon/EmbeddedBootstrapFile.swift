#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The file through which `readinessd run` publishes its embedded broker's
/// bootstrap address (`kafka.embedded.bootstrap_file`), so that
/// `readinessd fleet` with the same configuration finds the running daemon.
///
/// Under systemd the configuration folder is read-only to the service
/// (`ProtectSystem=strict`), so when systemd hands the service a runtime
/// directory (`RuntimeDirectory=readinessd`, `$RUNTIME_DIRECTORY`) the file is
/// published there as `embedded-bootstrap` instead; `fleet` looks there after
/// the configured path. systemd removes that folder when the service stops, so
/// a file found there belongs to a running daemon.
///
/// Written atomically (temporary file + rename) once the broker listens,
/// mode 0644 whatever the umask (an address, not a secret: the fleet unit runs
/// as another user), removed on a clean stop; a stale file after a crash makes
/// `fleet` fail with a connection error, not hang.
struct EmbeddedBootstrapFile {
    let path: String

    /// The file's name inside a systemd runtime directory.
    static let runtimeFileName = "embedded-bootstrap"
    /// `RuntimeDirectory=readinessd` of readinessd.service.
    static let systemdRuntimeDirectory = "/run/readinessd"

    /// Where `run` publishes: `$RUNTIME_DIRECTORY/embedded-bootstrap` when
    /// systemd provides a runtime directory, else the configured path.
    static func forPublishing(configured: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> EmbeddedBootstrapFile {
        if let runtime = runtimeDirectory(environment) {
            return EmbeddedBootstrapFile(path: runtime + "/" + runtimeFileName)
        }
        return EmbeddedBootstrapFile(path: configured)
    }

    /// Where `fleet` looks, in order: this process's own runtime directory (if
    /// any), the configured path, then readinessd.service's `/run/readinessd`.
    /// The configured path comes before the service's folder so that a daemon
    /// started by hand with its own configuration is not mistaken for the
    /// host's service.
    static func discoveryCandidates(configured: String,
                                    environment: [String: String] = ProcessInfo.processInfo.environment) -> [EmbeddedBootstrapFile] {
        var paths: [String] = []
        if let runtime = runtimeDirectory(environment) { paths.append(runtime + "/" + runtimeFileName) }
        paths.append(configured)
        paths.append(systemdRuntimeDirectory + "/" + runtimeFileName)
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }.map { EmbeddedBootstrapFile(path: $0) }
    }

    /// The first published address among `candidates`, with the file it came from.
    static func discover(_ candidates: [EmbeddedBootstrapFile]) -> (address: String, file: String)? {
        for candidate in candidates {
            if let address = candidate.read() { return (address, candidate.path) }
        }
        return nil
    }

    /// The first folder of `$RUNTIME_DIRECTORY` (systemd separates several with `:`).
    private static func runtimeDirectory(_ environment: [String: String]) -> String? {
        guard let value = environment["RUNTIME_DIRECTORY"],
              let first = value.split(separator: ":").first, !first.isEmpty else { return nil }
        return String(first)
    }

    /// Publishes `bootstrap`; returns the problem instead of throwing (the
    /// daemon keeps running without it: logs carry the address too).
    func publish(_ bootstrap: String) -> String? {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((bootstrap + "\n").utf8),
                                             attributes: [.posixPermissions: 0o644]) else {
            return problem(creating: temporary)
        }
        // createFile applies the umask; the fleet unit (another user) must read the file.
        _ = chmod(temporary, 0o644)
        guard rename(temporary, path) == 0 else {
            let problem = String(cString: strerror(errno))
            _ = unlink(temporary)
            return "cannot rename \(temporary) to \(path): \(problem)"
        }
        return nil
    }

    /// A true account of a failed create: Foundation reports a parent that is a file, or a
    /// missing folder, as "The file doesn't exist".
    private func problem(creating temporary: String) -> String {
        let reason = String(cString: strerror(errno))
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            return "its folder \(folder) does not exist"
        }
        if !isDirectory.boolValue { return "\(folder) is a file, not a folder" }
        if !FileManager.default.isWritableFile(atPath: folder) { return "its folder \(folder) is not writable by this user" }
        return "cannot create \(temporary): \(reason)"
    }

    /// Removes the file if it still holds `bootstrap` (another daemon may have replaced it).
    func withdraw(_ bootstrap: String) {
        if read() == bootstrap { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The published address, or `nil` when there is none.
    func read() -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let address = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return address.isEmpty ? nil : address
    }
}
