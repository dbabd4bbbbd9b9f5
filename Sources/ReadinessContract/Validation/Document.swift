/// A parsed request document during validation: the tape, the bytes, and the
/// rule checks of contract §3.1 rules 4–12 that read them.
struct Document {
    var base: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 1)!
    var nodes: UnsafeBufferPointer<JSONTape.Node>? = nil
    var scratch: [UInt8] = []
    /// The trimmed byte ranges (in the document) of the `policy_pack_refs` being read (reused between documents).
    var refRanges: [Range<Int>] = []
    /// Strings for tenant ids, scopes and refs that repeat across documents.
    var interner = StringInterner()

    /// The document's length in bytes (escaped strings are decoded reading up to it).
    var count = 0

    mutating func reset(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    @inline(__always)
    func node(_ index: Int) -> JSONTape.Node { nodes.unsafelyUnwrapped[index] }

    @inline(__always)
    func next(after index: Int) -> Int {
        let n = node(index)
        return n.kind == .object || n.kind == .array ? Int(n.end) : index + 1
    }

    /// Calls `body` with the decoded UTF-8 content of string node `index`.
    /// Unescaped strings are read in place; escaped ones are decoded into the scratch buffer.
    @inline(__always)
    mutating func withText<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let text = plainText(index) { return body(text) }
        return withDecodedText(index, body)
    }

    /// ``withText(_:_:)`` for an escaped string: decoded straight into the scratch buffer's memory
    /// (which only grows), not appended byte by byte.
    mutating func withDecodedText<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let n = node(index)
        let room = Int(n.end - n.start) + JSONStringDecoder.decodeSlack
        if scratch.count < room { scratch = [UInt8](repeating: 0, count: max(room, scratch.count * 2)) }
        let base = self.base, readable = self.count
        return scratch.withUnsafeMutableBufferPointer { buffer in
            let count = JSONStringDecoder.decode(n, base: base, readable: readable, to: buffer.baseAddress!)
            return body(UnsafeBufferPointer(start: buffer.baseAddress, count: count))
        }
    }

    /// The bytes of string node `index` read in place, or `nil` when it has escapes (then
    /// ``withText(_:_:)`` decodes it). For callers that need to mutate the document while
    /// holding the text, which `withText`'s closure does not allow.
    @inline(__always)
    func plainText(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        let n = node(index)
        return n.hasEscapes ? nil : UnsafeBufferPointer(start: base + Int(n.start), count: Int(n.end - n.start))
    }

    /// A `String` holding `text`, which the parser has already validated as UTF-8.
    ///
    /// Why not `String(decoding:as:)`: it validates the bytes a second time. Texts of up to
    /// 15 bytes (most identifiers and refs) are built with `String(unsafeUninitializedCapacity:)`,
    /// which makes a small string and skips validation when the bytes are ASCII (it still
    /// checks non-ASCII ones); longer texts take `String(decoding:as:)`. Both give the same string.
    @inline(__always)
    static func makeString(_ text: UnsafeBufferPointer<UInt8>) -> String {
        guard text.count <= 15 else { return String(decoding: text, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: text.count) { buffer in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(text))
            return text.count
        }
    }

    /// `true` when the key node `index` decodes to exactly `name`.
    @inline(__always)
    mutating func key(_ index: Int, is name: StaticString) -> Bool {
        withText(index) { text in
            text.count == name.utf8CodeUnitCount && memcmpEqual(text.baseAddress!, name.utf8Start, text.count)
        }
    }

    /// The trimmed identifier in string node `index`, or `nil` if it is not a string identifier (rule 7).
    /// `interned`: the value is likely to repeat across requests (tenant id, scope, ref), see ``StringInterner``.
    mutating func identifier(_ index: Int?, interned: Bool = false) -> String? {
        guard let index, node(index).kind == .string else { return nil }
        guard let text = plainText(index) else {
            return withText(index) { text in  // escaped: decoded into the scratch buffer, made afresh
                guard let range = Identifier.validate(text) else { return nil }
                return Document.makeString(UnsafeBufferPointer(rebasing: text[range]))
            }
        }
        guard let range = Identifier.validate(text) else { return nil }
        let trimmed = UnsafeBufferPointer(rebasing: text[range])
        return interned ? interner.string(trimmed) : Document.makeString(trimmed)
    }

    /// `true` when string node `index` holds an identifier (rule 7); no `String` is made,
    /// for members such as `requested_by` that are only checked.
    mutating func isIdentifier(_ index: Int?) -> Bool {
        guard let index, node(index).kind == .string else { return false }
        return withText(index) { Identifier.validate($0) != nil }
    }

    /// The identifier in `index` if it may be echoed in a rejection (contract §3.3).
    mutating func echoable(_ index: Int?) -> String? {
        guard let index, node(index).kind == .string else { return nil }
        return withText(index) { text in
            guard let range = Identifier.validate(text),
                  !SensitiveMaterial.isSensitiveValue(text),
                  !SensitiveMaterial.isSensitiveValue(UnsafeBufferPointer(rebasing: text[range]))
            else { return nil }
            return Document.makeString(UnsafeBufferPointer(rebasing: text[range]))
        }
    }
}
