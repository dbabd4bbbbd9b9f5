import Foundation
import Testing

extension IntegrationTests {
    /// A listener that cannot bind stops the daemon with one line naming `http.address`, status 78,
    /// before the Kafka broker or clients start.
    @Suite struct OperationsListenerFailureTests {
        @Test func aBusyPortIsOneLineAndExitStatus78BeforeKafkaStarts() async throws {
            // Hold a port so the daemon cannot bind it.
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(fd, pointer, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            try #require(bound)
            let port = Int(UInt16(bigEndian: address.sin_port))
            let daemon = try DaemonProcess(
                ["run", "--config", EmbeddedDefaultTests.repositoryRoot + "/Config/readinessd.yaml"],
                environment: ["READINESSD_HTTP_ADDRESS": "127.0.0.1:\(port)", "READINESSD_LOG_LEVEL": "info"],
                name: "busy-port")
            #expect(try await daemon.waitForExit(timeout: .seconds(60)) == 78)
            let lines = daemon.log.split(separator: "\n").filter { !$0.contains("starting readinessd") }
            #expect(lines.count == 1, "\(lines)")
            #expect(!daemon.log.contains("embedded Kafka broker") && !daemon.log.contains("stopped cleanly"))
            #expect(lines.first?.hasPrefix("readinessd: cannot serve HTTP on 127.0.0.1:\(port) (http.address)") == true)
        }
    }
}
