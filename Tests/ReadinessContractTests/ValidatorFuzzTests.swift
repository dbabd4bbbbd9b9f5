import ReadinessContract
import Testing

/// Property tests: arbitrary bytes and mutated requests never crash the validator,
/// always produce exactly one outcome consistent with the parser, and never leak an
/// injected secret through a rejection. Deterministic seeds.
@Suite("RequestValidator: fuzzing")
struct ValidatorFuzzTests {
    static let secrets = [
        "ghp_" + "0123456789abcdefghijABCDEFGHIJ",
        "sk_live_" + "ZYXWVUTSRQPONMLKJI",
        "xoxb-" + "0000-1111-2222-3333-4444",
        "-----BEGIN EC PRIVATE KEY-----",
    ]

    /// Valid requests carrying `secret` in different places (each is rejected as sensitive_material).
    static func carriers(_ secret: String) -> [String] {
        let s = jsonString(secret)
        return [
            RequestJSON().payload(["policy_pack_refs": #"["a","b"]"#, "note": s]).text,
            RequestJSON().with("tenant_id", s).text,
            RequestJSON().with("correlation_id", jsonString("x " + secret)).text,
            RequestJSON().payload(["policy_pack_refs": #"["a",\#(s)]"#, "required_checks": #"["approval_state"]"#]).text,
            RequestJSON().with("extra", #"{"list":[{"k":\#(s)}],"n":1.5e3}"#).text,
            RequestJSON().payload(["catalog_scope": #""regulated""#]).text + " ",  // no secret: exercises accepted paths
        ]
    }

    static let alphabet: [UInt8] = Array(#"{}[]":,\ u0123456789abcdefntrl-+.eE_"#.utf8) + [0x0A, 0x0D, 0x09, 0x00, 0x7F, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]

    /// Checks the invariants every outcome must satisfy; returns the outcome.
    @discardableResult
    static func check(_ bytes: [UInt8], reused validator: inout RequestValidator, limit: Int = 1 << 20,
                      sourceLocation: SourceLocation = #_sourceLocation) -> ValidationOutcome {
        let outcome = bytes.withUnsafeBytes { validator.validate($0) }
        // A reused validator answers exactly like a fresh one (no state leaks between documents).
        #expect(outcome == validate(bytes, maximumMessageBytes: limit), sourceLocation: sourceLocation)
        switch outcome {
        case .accepted(let request):
            #expect(parseError(bytes) == nil, sourceLocation: sourceLocation)
            for text in [request.tenantID, request.correlationID, request.catalogScope] + request.policyPackRefs {
                #expect(identifier(text) == text, sourceLocation: sourceLocation)
                #expect(!isSensitiveValue(text), sourceLocation: sourceLocation)
            }
            #expect(!request.requiredChecks.isEmpty, sourceLocation: sourceLocation)
        case .rejected(let rejection):
            switch rejection.reason {
            case .emptyMessage, .oversized, .malformedJSON:
                #expect(rejection.field == nil, sourceLocation: sourceLocation)
                #expect(rejection.tenantID == nil && rejection.correlationID == nil && rejection.operation == nil,
                        sourceLocation: sourceLocation)
                if rejection.reason == .malformedJSON {
                    #expect(parseError(bytes) != nil, sourceLocation: sourceLocation)
                }
            default:
                #expect(parseError(bytes) == nil, sourceLocation: sourceLocation)
                #expect(rejection.field != nil, sourceLocation: sourceLocation)
            }
            for echoed in [rejection.tenantID, rejection.correlationID, rejection.operation].compactMap({ $0 }) {
                #expect(identifier(echoed) == echoed, sourceLocation: sourceLocation)
                #expect(!isSensitiveValue(echoed), sourceLocation: sourceLocation)
            }
        }
        return outcome
    }

    @Test("random byte strings")
    func randomBytes() {
        var rng = SeededGenerator(seed: 0x5EED_0001)
        var validator = RequestValidator()
        for _ in 0..<4000 {
            let length = Int.random(in: 0..<96, using: &rng)
            var bytes: [UInt8] = Int.random(in: 0..<4, using: &rng) == 0 ? [] : Array("{".utf8)
            for _ in 0..<length {
                bytes.append(Bool.random(using: &rng) ? Self.alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng))
            }
            Self.check(bytes, reused: &validator)
        }
    }

    enum Mutation: CaseIterable { case flip, truncate, insert, duplicate, delete, swapRandom }

    static func mutate(_ bytes: inout [UInt8], using rng: inout SeededGenerator) {
        guard !bytes.isEmpty else { bytes = [UInt8.random(in: 0...255, using: &rng)]; return }
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        switch Mutation.allCases.randomElement(using: &rng)! {
        case .flip:
            bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
        case .truncate:
            bytes.removeSubrange(at...)
        case .insert:
            bytes.insert(Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng), at: at)
        case .duplicate:
            let end = min(bytes.count, at + Int.random(in: 1...16, using: &rng))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        case .delete:
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &rng)))
        case .swapRandom:
            bytes[at] = alphabet.randomElement(using: &rng)!
        }
    }

    /// `true` when `secret` appears in `bytes` as an object key (then a path may name it legitimately).
    static func appearsAsKey(_ secret: String, in bytes: [UInt8]) -> Bool {
        let needle = Array(secret.utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
            var i = start + needle.count
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { continue }
            i += 1
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
            if i < bytes.count, bytes[i] == UInt8(ascii: ":") { return true }
        }
        return false
    }

    @Test("mutated requests carrying a secret", arguments: secrets)
    func mutatedRequests(_ secret: String) {
        var rng = SeededGenerator(seed: 0xC0FFEE &+ UInt64(secret.utf8.count))
        var validator = RequestValidator()
        let bases = Self.carriers(secret).map { Array($0.utf8) }
        // Unmutated carriers: rejected as sensitive without leaking.
        for base in bases.dropLast() {
            let rejection = Self.check(base, reused: &validator).rejection
            #expect(rejection?.reason == .sensitiveMaterial)
        }
        var sensitiveSeen = 0
        for _ in 0..<1500 {
            var bytes = bases.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...3, using: &rng) { Self.mutate(&bytes, using: &rng) }
            guard case .rejected(let rejection) = Self.check(bytes, reused: &validator) else { continue }
            #expect(!rejection.message.contains(secret))
            for echoed in [rejection.tenantID, rejection.correlationID, rejection.operation] {
                #expect(!(echoed ?? "").contains(secret))
            }
            if rejection.reason == .sensitiveMaterial {
                sensitiveSeen += 1
                if let field = rejection.field, field.contains(secret) {
                    #expect(Self.appearsAsKey(secret, in: bytes), "field \(field) quotes the secret")
                }
            }
        }
        #expect(sensitiveSeen > 100, "the mutations should keep many documents valid enough to reach rule 4")
    }

    @Test("byte-level limits are applied consistently while fuzzing")
    func fuzzedLimits() {
        var rng = SeededGenerator(seed: 42)
        let base = Array(RequestJSON().text.utf8)
        for _ in 0..<300 {
            let limit = Int.random(in: 0...(base.count + 2), using: &rng)
            var validator = RequestValidator(maximumMessageBytes: limit)
            let outcome = Self.check(base, reused: &validator, limit: limit)
            #expect((outcome.rejection?.reason == .oversized) == (base.count > limit))
        }
    }
}
