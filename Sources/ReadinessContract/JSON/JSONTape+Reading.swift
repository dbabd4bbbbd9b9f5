extension JSONTape {
    /// The decoded text of the string node at `index` in the document `bytes` it was parsed from.
    public func string(at index: Int, in bytes: UnsafeRawBufferPointer) -> String {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let node = nodes[index]
        if !node.hasEscapes {
            return String(decoding: UnsafeBufferPointer(start: base + Int(node.start), count: Int(node.end - node.start)),
                          as: UTF8.self)
        }
        return String(decoding: JSONStringDecoder.decode(node, base: base), as: UTF8.self)
    }

    /// The raw bytes of the number node at `index` in `bytes`.
    public func numberText(at index: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeBufferPointer<UInt8> {
        let node = nodes[index]
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: base + Int(node.start), count: Int(node.end - node.start))
    }
}
