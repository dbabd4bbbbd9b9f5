import KafkaClient

/// Malformed and hostile inputs for scenario 6, each a complete input message (key, value, headers).
enum HostileCorpus {
    static let head = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"tenant-ready","requested_by":"hostile","correlation_id":"hostile""#

    static func text(_ value: String, key: [UInt8]? = Array("tenant-ready".utf8), headers: [KafkaHeader] = []) -> FaultRequest {
        FaultRequest(key: key, value: Array(value.utf8), headers: headers)
    }

    static func bytes(_ value: [UInt8]?, key: [UInt8]? = Array("tenant-ready".utf8)) -> FaultRequest {
        FaultRequest(key: key, value: value)
    }

    /// Small hostile messages (a few hundred bytes at most), repeated throughout the run.
    static let light: [FaultRequest] = {
        var items: [FaultRequest] = [
            text(head + #","payload":"#),  // truncated
            text(String(head.prefix(40))),  // truncated inside a string
            text(head + #","tenant_id":"tenant-demo","payload":{}}"#),  // duplicate key
            bytes(Array(head.utf8) + [0x2C, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]),  // invalid UTF-8 in a string
            bytes(Array(head.utf8) + [0x2C, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0x00, 0x22, 0x7D]),  // raw NUL inside a string
            text(head + #","payload":{"note":"a\u0000b"}}"#),  // escaped NUL: valid JSON
            bytes([0x00, 0x00, 0x00, 0x00]),  // NUL bytes only
            bytes(nil),  // tombstone
            bytes([]),  // empty
            text("   \n\t  "),  // whitespace only
            text("[]"), text(#""just a string""#), text("123"), text("null"),
            bytes([0xFF, 0xFE, 0x7B, 0x22, 0xC0, 0xAF]),  // binary
            // Binary keys: with a valid request (answered, keyed by tenant) and an invalid one (keyed by the input key).
            FaultRequest(key: [0xFF, 0x00, 0xFE, 0x80], value: Array((head + #","payload":{}}"#).utf8)),
            FaultRequest(key: [0xFF, 0x00, 0xFE, 0x80], value: [0x7B]),
            // Binary and repeated headers, trace context included, on a valid request.
            FaultRequest(key: Array("tenant-ready".utf8), value: Array((head + #","payload":{}}"#).utf8), headers: [
                KafkaHeader(name: "traceparent", value: [0xFF, 0x00, 0x01]),
                KafkaHeader(name: "tracestate", value: nil),
                KafkaHeader(name: "x-binary", value: [0x00, 0xFF, 0xC0, 0xAF]),
                KafkaHeader(name: "traceparent", string: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            ] + (0..<50).map { KafkaHeader(name: "h\($0)", value: [UInt8($0), 0xFF]) }),
        ]
        // Every sensitive value pattern and key (contract §3.2).
        for secret in ["ghp_abcdefghijklmnopqrstuvwxyz", "gho_ABCDEFGHIJKLMNOPQRSTUV", "ghs_0123456789012345678901",
                       "sk_live_abcdefghijklmnop", "sk_test_ABCDEFGHIJKLMNOP12", "xoxb-1234567890-abcdefghij",
                       "xoxp-abcdefghijklmnopqr", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----"] {
            items.append(text(head + #","payload":{"note":"\#(secret)"}}"#))
        }
        items.append(text(#"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"sk_live_abcdefghijklmnop","requested_by":"hostile","correlation_id":"hostile","payload":{}}"#))
        for key in ["password", "API_KEY", "Token", "secret", "authorization", "private_key", "signing_key", "xPasswordx"] {
            items.append(text(head + #","payload":{"\#(key)":"x"}}"#))
        }
        return items
    }()

    /// Size of the largest hostile values: 10 MB, ten times the 1 MiB limit the daemon enforces.
    static let tenMegabytes = 10_000_000

    /// Large hostile messages, sent a few times per run. The embedded broker keeps at most ~5 MiB per
    /// partition, as stored: the 10 MB values fit only because the scenario's request producer compresses
    /// (`compression.codec=lz4`) and both compress to a few tens of KB.
    static let heavy: [FaultRequest] = [
        bytes([UInt8](repeating: UInt8(ascii: "a"), count: 3 * 1024 * 1024)),  // oversized
        text(head + #","payload":{"note":""# + String(repeating: "x", count: tenMegabytes) + #""}}"#),  // 10 MB JSON document
        bytes((0..<tenMegabytes).map { UInt8(truncatingIfNeeded: $0) }),  // 10 MB of raw (binary) bytes
        text(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)),  // 10,000-deep arrays
        text(String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)),  // 10,000-deep objects
        text(head + #","payload":{"policy_pack_refs":["# + (0..<2000).map { "\"p\($0)\"" }.joined(separator: ",") + "]}}"),
        text(head + #","payload":{"note":["# + Array(repeating: "0", count: 100_000).joined(separator: ",") + "]}}"),
        text(head + #","payload":{"note":""# + String(repeating: "x", count: 900_000) + #""}}"#),  // just under the limit
    ]

    /// `count` messages: valid requests from ``FaultCorpus`` interleaved with hostile ones
    /// (every other message light, every heavy one once per `heavyEvery` messages).
    static func interleaved(_ count: Int, heavyEvery: Int) -> [FaultRequest] {
        (0..<count).map { index in
            if index % heavyEvery == heavyEvery / 2 {
                // Own keys: the heavy ones spread over the partitions.
                var request = heavy[(index / heavyEvery) % heavy.count]
                request.key = Array("heavy-\(index)".utf8)
                return request
            }
            if index % 2 == 1 { return light[(index / 2) % light.count] }
            return FaultCorpus.request(index, prefix: "hostile")
        }
    }
}
