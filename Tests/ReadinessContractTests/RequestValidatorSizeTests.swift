import ReadinessContract
import Testing

/// Rules 1 and 2 of contract §3.1: `empty_message` and `oversized` come before parsing.
@Suite("RequestValidator: empty and oversized values")
struct RequestValidatorSizeTests {
    @Test("a tombstone (nil value) is empty_message")
    func tombstone() {
        let rejection = validate(nil).rejection
        #expect(rejection?.reason == .emptyMessage)
        #expect(rejection?.field == nil)
        #expect(rejection?.tenantID == nil && rejection?.correlationID == nil && rejection?.operation == nil)
    }

    @Test("a zero-byte value is empty_message")
    func zeroBytes() {
        let rejection = validate([UInt8]()).rejection
        #expect(rejection?.reason == .emptyMessage)
        #expect(rejection?.field == nil)
    }

    @Test("empty_message wins even when the limit is zero")
    func emptyBeforeOversized() {
        #expect(validate([UInt8](), maximumMessageBytes: 0).rejection?.reason == .emptyMessage)
    }

    @Test("exactly max_message_bytes is accepted; one more byte is oversized")
    func strictlyGreater() {
        let text = RequestJSON().text
        let size = text.utf8.count
        #expect(validate(text, maximumMessageBytes: size).request != nil)
        let over = validate(text, maximumMessageBytes: size - 1).rejection
        #expect(over?.reason == .oversized)
        #expect(over?.field == nil)
        // Nothing is echoed for oversized, although the document would parse.
        #expect(over?.tenantID == nil && over?.correlationID == nil && over?.operation == nil)
    }

    @Test("oversized is decided before parsing and before the sensitive scan")
    func oversizedBeforeParsing() {
        #expect(validate("not json at all", maximumMessageBytes: 3).rejection?.reason == .oversized)
        let secret = RequestJSON().payload(["note": jsonString("ghp_" + String(repeating: "x", count: 30))]).text
        let rejection = validate(secret, maximumMessageBytes: 10).rejection
        #expect(rejection?.reason == .oversized)
        #expect(!(rejection?.message.contains("ghp_") ?? true))
    }

    @Test("the default limit is 1 MiB")
    func defaultLimit() {
        #expect(RequestValidator().maximumMessageBytes == 1 << 20)
        // A valid request padded with white space to exactly 1 MiB, then 1 MiB + 1.
        let text = RequestJSON().text
        let exact = text + String(repeating: " ", count: (1 << 20) - text.utf8.count)
        #expect(validate(exact).request != nil)
        #expect(validate(exact + " ").rejection?.reason == .oversized)
    }

    @Test("a one-byte value is parsed, not empty")
    func oneByte() {
        #expect(validate(" ").rejection?.reason == .malformedJSON)
        #expect(validate("{").rejection?.reason == .malformedJSON)
    }
}
