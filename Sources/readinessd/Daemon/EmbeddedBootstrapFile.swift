import Foundation

/// The file through which `readinessd run` publishes its embedded broker's
/// bootstrap address (`kafka.embedded.bootstrap_file`), so that
/// `readinessd fleet` with the same configuration finds the running daemon.
///
/// Written atomically (temporary file + rename) once the broker listens,
/// removed on a clean stop; a stale file after a crash makes `fleet` fail
/// with a connection error, not hang.
struct EmbeddedBootstrapFile {
    let path: String

    /// Publishes `bootstrap`; returns the problem instead of throwing (the
    /// daemon keeps running without it: logs carry the address too).
    func publish(_ bootstrap: String) -> String? {
        do {
            try (bootstrap + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return nil
        } catch {
            return problem(after: error)
        }
    }

    /// A true account of a failed write: Foundation reports a parent that is a file, or a
    /// missing folder, as "The file doesn't exist".
    private func problem(after error: any Error) -> String {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            return "its folder \(folder) does not exist"
        }
        if !isDirectory.boolValue { return "\(folder) is a file, not a folder" }
        if !FileManager.default.isWritableFile(atPath: folder) { return "its folder \(folder) is not writable by this user" }
        return error.localizedDescription
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
