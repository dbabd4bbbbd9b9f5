import ReadinessContract
import Testing

/// The trace-header rule (contract §9.2).
@Suite("Trace-context filter")
struct TraceContextFilterTests {
    typealias Header = (name: String, value: String?)

    static let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    static let otherParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"

    /// The copied headers, in order, as (name, value).
    func copied(_ headers: [Header]) -> [Header] {
        let bytes = headers.map { (Array($0.name.utf8), $0.value.map { Array($0.utf8) }) }
        var result: [Header] = []
        TraceContextFilter.copy(from: { visit in
            for (name, value) in bytes {
                name.withUnsafeBytes { name in
                    if let value {
                        value.withUnsafeBytes { visit(name, $0) }
                    } else {
                        visit(name, nil)
                    }
                }
            }
        }) { header, value in
            result.append((header == .traceparent ? "traceparent" : "tracestate", String(decoding: value, as: UTF8.self)))
        }
        return result
    }

    func names(_ headers: [Header]) -> [String] { headers.map(\.name) }
    func values(_ headers: [Header]) -> [String?] { headers.map(\.value) }

    func wellFormed(_ value: String) -> Bool {
        Array(value.utf8).withUnsafeBytes { TraceContextFilter.isWellFormedTraceparent($0) }
    }

    @Test("a well-formed traceparent is copied")
    func copiesTraceparent() {
        #expect(values(copied([("traceparent", Self.parent)])) == [Self.parent])
        #expect(wellFormed("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff"))
    }

    @Test("malformed traceparent values are dropped", arguments: [
        "", "00", String(repeating: "a", count: 1 << 20),
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version ff
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",        // trace-id all zeros
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",        // parent-id all zeros
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",        // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",       // trailing space
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    ])
    func malformed(_ value: String) {
        #expect(!wellFormed(value))
        #expect(copied([("traceparent", value), ("tracestate", "a=b")]).isEmpty)
    }

    @Test("a null or misnamed traceparent is not copied")
    func nullOrMisnamed() {
        #expect(copied([("traceparent", nil)]).isEmpty)
        #expect(copied([("Traceparent", Self.parent), ("traceparent ", Self.parent)]).isEmpty)
    }

    @Test("only the first well-formed traceparent is copied; malformed ones before it do not count")
    func firstOnly() {
        let result = copied([("traceparent", "garbage"), ("traceparent", Self.parent), ("traceparent", Self.otherParent)])
        #expect(values(result) == [Self.parent])
    }

    @Test("tracestate needs a copied traceparent")
    func tracestateNeedsTraceparent() {
        #expect(copied([("tracestate", "a=b")]).isEmpty)
        #expect(copied([("traceparent", "bad"), ("tracestate", "a=b")]).isEmpty)
        // Anywhere in the message: input order is kept.
        let result = copied([("tracestate", "a=b"), ("traceparent", Self.parent)])
        #expect(names(result) == ["tracestate", "traceparent"])
    }

    @Test("tracestate values must be printable ASCII", arguments: ["a=b\u{7F}", "a=b\n", "a=\u{E9}", "a=\u{00}b"])
    func unprintable(_ value: String) {
        #expect(names(copied([("traceparent", Self.parent), ("tracestate", value)])) == ["traceparent"])
    }

    @Test("tracestate values matching a sensitive value pattern are dropped", arguments: [
        "vendor=ghp_" + String(repeating: "x", count: 36),
        "k=sk_live_" + String(repeating: "Z", count: 20),
        "k=xoxp-" + String(repeating: "1", count: 16),
    ])
    func sensitive(_ value: String) {
        let result = copied([("traceparent", Self.parent), ("tracestate", value), ("tracestate", "ok=1")])
        #expect(values(result) == [Self.parent, "ok=1"])
    }

    @Test("copied tracestate values total at most 512 bytes; a later one that fits is still copied")
    func budget() {
        let big = "a=" + String(repeating: "b", count: 400)      // 402
        let tooMuch = "c=" + String(repeating: "d", count: 200)  // 202: 604 in all
        let fits = "e=" + String(repeating: "f", count: 108)     // 110: 512 in all
        let over = "g=h"                                          // 515
        let result = copied([("traceparent", Self.parent), ("tracestate", big), ("tracestate", tooMuch),
                             ("tracestate", fits), ("tracestate", over)])
        #expect(values(result) == [Self.parent, big, fits])
        #expect(copied([("traceparent", Self.parent), ("tracestate", String(repeating: "x", count: 513))]).count == 1)
    }

    @Test("no other header is copied, and the order of the copied ones is the input order")
    func onlyTraceHeaders() {
        let result = copied([("x-api-key", "ghp_" + String(repeating: "a", count: 36)), ("tracestate", "a=1"),
                             ("traceparent", Self.parent), ("baggage", "k=v"), ("tracestate", "b=2")])
        #expect(names(result) == ["tracestate", "traceparent", "tracestate"])
        #expect(values(result) == ["a=1", Self.parent, "b=2"])
    }
}
