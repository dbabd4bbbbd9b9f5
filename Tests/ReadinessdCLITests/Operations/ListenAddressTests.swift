import Testing
@testable import readinessd

/// `http.address` parsing.
@Suite("http.address")
struct ListenAddressTests {
    @Test func parsesHostPortIPv6AndOff() throws {
        #expect(try ListenAddress.parse("127.0.0.1:9464") == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(try ListenAddress.parse(" 0.0.0.0:0 ") == ListenAddress(host: "0.0.0.0", port: 0))
        #expect(try ListenAddress.parse("[::1]:9464") == ListenAddress(host: "::1", port: 9464))
        #expect(try ListenAddress.parse("localhost:80")?.description == "localhost:80")
        #expect(try ListenAddress.parse("[::1]:9464")?.description == "[::1]:9464")
        #expect(try ListenAddress.parse("off") == nil)
        #expect(try ListenAddress.parse("") == nil)
    }

    @Test(arguments: ["9464", ":9464", "host:", "host:99999", "host:http", "::1:9464", "[::1]9464"])
    func refusesWithAMessageNamingTheKey(_ text: String) {
        #expect {
            try ListenAddress.parse(text)
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix("http.address") == true
        }
    }
}
