/// The sensitive-material rules of contract §3.2 and §8.
///
/// Both tests work on decoded UTF-8 text. The value patterns are matched by
/// hand rather than with a regular-expression engine: they are fixed, simple,
/// and run on every string of every request, so a direct matcher keeps the
/// hot path allocation-free. Each matcher reproduces the exact semantics of
/// the contract's patterns under Python's `re` on `str` (`\b` between a word
/// character — a Unicode letter, a Unicode digit or `_` — and a non-word
/// character or either end of the text).
public enum SensitiveMaterial {
    /// `true` when an object key is sensitive: lower-cased, it contains any of
    /// `api_key`, `authorization`, `client_secret`, `password`, `private_key`,
    /// `secret`, `signing_key`, `token`, `webhook_secret`.
    public static func isSensitiveKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        if isKnownRequestKey(key) { return false }
        for byte in key where byte >= 0x80 {
            // Full Unicode lower-casing can turn non-ASCII letters into ASCII ones (U+212A KELVIN SIGN → "k").
            var lowered = String(decoding: key, as: UTF8.self).lowercased()
            return lowered.withUTF8 { containsKeyWord($0) }
        }
        return containsKeyWord(key)
    }

    /// Single pass over ASCII-case-folded text. `client_secret` and `webhook_secret`
    /// contain `secret`, so they need no test of their own.
    private static func containsKeyWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        guard count >= 5, let base = text.baseAddress else { return false }
        var i = 0
        while i + 5 <= count {
            switch base[i] | 0x20 {
            case UInt8(ascii: "a"):
                if foldedPrefix(base + i, count - i, "api_key") || foldedPrefix(base + i, count - i, "authorization") { return true }
            case UInt8(ascii: "p"):
                if foldedPrefix(base + i, count - i, "password") || foldedPrefix(base + i, count - i, "private_key") { return true }
            case UInt8(ascii: "s"):
                if foldedPrefix(base + i, count - i, "secret") || foldedPrefix(base + i, count - i, "signing_key") { return true }
            case UInt8(ascii: "t"):
                if foldedPrefix(base + i, count - i, "token") { return true }
            default:
                break
            }
            i += 1
        }
        return false
    }

    /// Does `text` (of `available` bytes) start with the lower-case ASCII `word`, ignoring ASCII case?
    @inline(__always)
    private static func foldedPrefix(_ text: UnsafePointer<UInt8>, _ available: Int, _ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard available >= length else { return false }
        let expected = word.utf8Start
        for k in 1..<length {
            let byte = text[k]
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != expected[k] { return false }
        }
        return true
    }

    /// The member names of a well-formed request: none is sensitive, and most keys of
    /// most documents are one of them, so they skip the word search.
    static func isKnownRequestKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        func equals(_ name: StaticString) -> Bool {
            memcmpEqual(key.baseAddress!, name.utf8Start, key.count)
        }
        switch key.count {
        case 7: return equals("payload")
        case 9: return equals("operation") || equals("tenant_id")
        case 12: return equals("requested_by")
        case 13: return equals("catalog_scope")
        case 14: return equals("schema_version") || equals("correlation_id")
        case 15: return equals("required_checks")
        case 16: return equals("policy_pack_refs")
        case 18: return equals("readiness_boundary")
        case 31: return equals("private_implementation_required")
        default: return false
        }
    }

    /// The length in bytes of the shortest text a value pattern can match ("xoxb-" + 16 characters).
    static let shortestSensitiveValue: Int32 = 21

    /// `true` when a string value matches any of the contract's secret patterns:
    /// `\bgh[pousr]_[A-Za-z0-9_]{20,}\b`, `\bsk_(?:live|test)_[A-Za-z0-9_]{16,}\b`,
    /// `\bxox[baprs]-[A-Za-z0-9-]{16,}\b`, `-----BEGIN [A-Z ]*PRIVATE KEY-----`.
    @inline(never)  // kept out of its callers: inlined, its loop spilled induction variables to the stack
    public static func isSensitiveValue(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        guard count >= Int(shortestSensitiveValue), let base = text.baseAddress else { return false }
        // Every pattern has an anchor byte at a fixed offset from its start: `_` at +3 (gh?_),
        // `_` at +2 (sk_), `-` at +4 (xox?-) and `-` at +0 (-----BEGIN). So only the starts
        // implied by a `_` or `-` byte are tested, and those bytes are found eight at a time
        // (SWAR). Most text has few of them (the usual request's long strings have none or
        // two), so this filter reads each byte once and tests almost no starts.
        var i = 0
        while i + 8 <= count {
            var anchors = anchorBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            while anchors != 0 {
                if matchesAround(base, i + anchors.trailingZeroBitCount >> 3, count: count) { return true }
                anchors &= anchors &- 1
            }
            i += 8
        }
        while i < count {
            if matchesAround(base, i, count: count) { return true }
            i += 1
        }
        return false
    }

    /// The general path that the anchor filter of ``isSensitiveValue(_:)`` short-cuts: every
    /// start is tested. The tests hold the shortcut to it.
    static func matchesAtAnyStart(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        for i in 0..<text.count where matchesAt(base, i, count: text.count) { return true }
        return false
    }

    /// High bit set in each byte of `word` that may be `_` or `-` (never misses one; a
    /// byte above a true hit may be a false alarm, which ``matchesAround`` then rejects).
    @inline(__always)
    private static func anchorBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let underscore = word ^ (ones &* 0x5F)
        let hyphen = word ^ (ones &* 0x2D)
        return (((underscore &- ones) & ~underscore) | ((hyphen &- ones) & ~hyphen)) & (ones &* 0x80)
    }

    /// Does a pattern whose anchor byte is at `j` match? (The starts a `_` or `-` at `j` implies.)
    @inline(__always)
    private static func matchesAround(_ base: UnsafePointer<UInt8>, _ j: Int, count: Int) -> Bool {
        switch base[j] {
        case UInt8(ascii: "_"):
            return (j >= 3 && matchesAt(base, j - 3, count: count)) || (j >= 2 && matchesAt(base, j - 2, count: count))
        case UInt8(ascii: "-"):
            return (j >= 4 && matchesAt(base, j - 4, count: count)) || matchesAt(base, j, count: count)
        default:
            return false
        }
    }

    /// Does one of the four patterns match starting at byte `i`?
    @inline(__always)
    private static func matchesAt(_ base: UnsafePointer<UInt8>, _ i: Int, count: Int) -> Bool {
        switch base[i] {
        case UInt8(ascii: "g"):
            // gh[pousr]_ then ≥ 20 word-ASCII characters.
            return i + 4 < count && base[i + 1] == UInt8(ascii: "h") && isOneOf(base[i + 2], "pousr")
                && base[i + 3] == UInt8(ascii: "_") && wordBoundaryBefore(base, i)
                && matchesWordRun(base, from: i + 4, count: count, minimum: 20)
        case UInt8(ascii: "s"):
            // sk_live_ / sk_test_ then ≥ 16 word-ASCII characters.
            return i + 8 < count && base[i + 1] == UInt8(ascii: "k") && base[i + 2] == UInt8(ascii: "_")
                && base[i + 7] == UInt8(ascii: "_")
                && (hasPrefix(base + i + 3, "live") || hasPrefix(base + i + 3, "test"))
                && wordBoundaryBefore(base, i)
                && matchesWordRun(base, from: i + 8, count: count, minimum: 16)
        case UInt8(ascii: "x"):
            // xox[baprs]- then ≥ 16 of [A-Za-z0-9-] ending on a word boundary.
            return i + 5 < count && base[i + 1] == UInt8(ascii: "o") && base[i + 2] == UInt8(ascii: "x")
                && isOneOf(base[i + 3], "baprs") && base[i + 4] == UInt8(ascii: "-")
                && wordBoundaryBefore(base, i) && matchesSlackRun(base, from: i + 5, count: count)
        case UInt8(ascii: "-"):
            return matchesPrivateKeyHeader(base, from: i, count: count)
        default:
            return false
        }
    }

    // MARK: Pattern pieces

    @inline(__always)
    private static func isOneOf(_ byte: UInt8, _ set: StaticString) -> Bool {
        let p = set.utf8Start
        for k in 0..<set.utf8CodeUnitCount where p[k] == byte { return true }
        return false
    }

    @inline(__always)
    private static func hasPrefix(_ p: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
        memcmpEqual(p, word.utf8Start, word.utf8CodeUnitCount)
    }

    @inline(__always)
    static func isASCIIWord(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// A word character: a Unicode letter, a Unicode digit/number, or `_` (Python's `\w`).
    static func isWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIWord(UInt8(value)) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Is the character before byte `i` absent or a non-word character? (The match starts with a word character.)
    @inline(__always)
    private static func wordBoundaryBefore(_ base: UnsafePointer<UInt8>, _ i: Int) -> Bool {
        guard i > 0 else { return true }
        let previous = base[i - 1]
        if previous < 0x80 { return !isASCIIWord(previous) }
        let (scalar, _) = UTF8Validation.decodeScalar(base, endingAt: i, start: 0)
        return !isWordScalar(scalar)
    }

    /// Is the character at byte `i` absent or a non-word character?
    @inline(__always)
    private static func isNonWordAt(_ base: UnsafePointer<UInt8>, _ i: Int, count: Int) -> Bool {
        guard i < count else { return true }
        let byte = base[i]
        if byte < 0x80 { return !isASCIIWord(byte) }
        return !isWordScalar(UTF8Validation.decodeScalar(base, at: i).0)
    }

    /// `[A-Za-z0-9_]{minimum,}\b`: every run character is a word character, so the
    /// only possible boundary is after the maximal run.
    @inline(__always)
    private static func matchesWordRun(_ base: UnsafePointer<UInt8>, from start: Int, count: Int, minimum: Int) -> Bool {
        var j = start
        while j < count, isASCIIWord(base[j]) { j += 1 }
        return j - start >= minimum && isNonWordAt(base, j, count: count)
    }

    /// `[A-Za-z0-9-]{16,}\b`: `-` is not a word character, so the regex may backtrack
    /// to any run length ≥ 16 that ends on a boundary.
    private static func matchesSlackRun(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Bool {
        var j = start
        while j < count, isASCIIWord(base[j]) && base[j] != UInt8(ascii: "_") || base[j] == UInt8(ascii: "-") { j += 1 }
        var end = j
        while end - start >= 16 {
            let beforeIsWord = base[end - 1] != UInt8(ascii: "-")
            let afterIsWord = !isNonWordAt(base, end, count: count)
            if beforeIsWord != afterIsWord { return true }
            end -= 1
        }
        return false
    }

    /// `-----BEGIN [A-Z ]*PRIVATE KEY-----` starting at `i`.
    private static func matchesPrivateKeyHeader(_ base: UnsafePointer<UInt8>, from i: Int, count: Int) -> Bool {
        let opening: StaticString = "-----BEGIN "
        let closing: StaticString = "PRIVATE KEY-----"
        guard count - i >= opening.utf8CodeUnitCount + closing.utf8CodeUnitCount,
              hasPrefix(base + i, opening) else { return false }
        // [A-Z ]* is greedy; "PRIVATE KEY" is itself in [A-Z ], so it must end the run.
        var j = i + opening.utf8CodeUnitCount
        while j < count, base[j] == UInt8(ascii: " ") || (base[j] >= UInt8(ascii: "A") && base[j] <= UInt8(ascii: "Z")) {
            j += 1
        }
        let runStart = i + opening.utf8CodeUnitCount
        let name: StaticString = "PRIVATE KEY"
        let nameLength = name.utf8CodeUnitCount
        guard j - runStart >= nameLength, hasPrefix(base + j - nameLength, name), count - j >= 5 else { return false }
        return hasPrefix(base + j, "-----")
    }
}
