import Foundation
import Testing

/// The README's first command: `readinessd run` on the shipped configuration, used with kcat.
extension IntegrationTests {
@Suite struct EmbeddedDefaultTests {
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kcat"), "kcat is installed"))
    func kcatTalksToTheEmbeddedDefault() async throws {
        let daemon = try DaemonProcess(["run", "--config", EmbeddedDefaultTests.repositoryRoot + "/Config/readinessd.yaml"],
                                       name: "embedded")
        try await daemon.waitForLog("embedded Kafka broker listening")
        #expect(daemon.log.contains(/allocator="?jemalloc 5\./), "the daemon names jemalloc as its allocator")
        let bootstrap = try #require(daemon.log.firstMatch(of: /bootstrap_servers=(127\.0\.0\.1:\d+)/)?.1).description
        try await daemon.waitForLog("partitions assigned")

        let request = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"tenant-ready","requested_by":"kcat","correlation_id":"kcat-1","payload":{}}"#
        let produced = try Self.run("/usr/bin/kcat", ["-b", bootstrap, "-P", "-t", "policy-registry-readiness.requests", "-k", "tenant-ready"],
                                    input: request + "\n")
        #expect(produced.status == 0)
        var answer = ""
        try await Wait.until("kcat reads the response", timeout: .seconds(30)) {
            let read = try? Self.run("/usr/bin/kcat", ["-b", bootstrap, "-C", "-t", "policy-registry-readiness.responses",
                                                       "-e", "-q", "-f", "%k %s\n"])
            answer = read?.output ?? ""
            return answer.contains("kcat-1")
        }
        #expect(answer.hasPrefix("tenant-ready "))
        #expect(answer.contains(#""readiness_status":"ready""#))
        #expect(try await daemon.terminate() == 0)
    }

    static func run(_ path: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
}
