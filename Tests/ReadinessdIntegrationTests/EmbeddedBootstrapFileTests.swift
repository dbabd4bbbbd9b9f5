import Foundation
import Testing

extension IntegrationTests {
    /// An unwritable `kafka.embedded.bootstrap_file` is a warning that says what is wrong
    /// (it said "The file doesn't exist" when the parent was a file; issue 23, item 6).
    @Suite struct EmbeddedBootstrapFileTests {
        @Test func aParentThatIsAFileIsNamedAsSuch() async throws {
            let parent = NSTemporaryDirectory() + "readinessd-not-a-folder-\(UUID().uuidString)"
            try "x".write(toFile: parent, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: parent) }
            let daemon = try DaemonProcess(
                ["run", "--config", EmbeddedDefaultTests.repositoryRoot + "/Config/readinessd.yaml"],
                environment: ["READINESSD_KAFKA_EMBEDDED_BOOTSTRAP_FILE": parent + "/bootstrap"], name: "bootstrap-file")
            try await daemon.waitForLog("cannot publish the embedded broker address")
            #expect(daemon.log.contains("\(parent) is a file, not a folder"), "\(daemon.log)")
            #expect(!daemon.log.contains("doesn’t exist") && !daemon.log.contains("doesn't exist"))
            #expect(try await daemon.terminate() == 0)
        }
    }
}
