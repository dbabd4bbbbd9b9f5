import Foundation

/// A temporary folder for test files, removed on deinit.
public final class TemporaryDirectory {
    /// The folder's path.
    public let path: String

    /// Creates an empty folder named after `purpose`.
    public init(_ purpose: String = "tests") throws {
        path = NSTemporaryDirectory() + "/readinessd-\(purpose)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` (a relative path; missing folders are created) and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// Creates the folder `name` inside this one.
    public func makeDirectory(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + name, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
