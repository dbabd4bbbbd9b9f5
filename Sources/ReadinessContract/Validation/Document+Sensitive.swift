/// contract §3.1 rule 4: the first sensitive key or string value, and its JSON path.
extension Document {
    /// The tape index of the first sensitive key or string value in document order
    /// (rule 4), and — when there is none — the top-level members rules 5–12 read.
    ///
    /// Why one pass: rule 4 must look at every string anyway, so the top-level keys
    /// are recognised on the way instead of in a second walk over the tape; a key
    /// recognised as a request member is not sensitive and skips the word search.
    mutating func scan() -> (sensitive: Int?, top: TopLevel) {
        var top = TopLevel()
        let count = nodes.unsafelyUnwrapped.count
        var nextTopKey = node(0).count > 0 ? 1 : count
        var index = 0
        while index < count {
            let n = node(index)
            defer { index += 1 }
            guard n.kind == .string else { continue }
            if index == nextTopKey {
                nextTopKey = next(after: index + 1)
                if recordTopLevel(index, into: &top) { continue }
            }
            // No value pattern matches fewer than 21 bytes, and decoding never lengthens a
            // string (every escape is longer than what it stands for): short raw values are safe.
            if !n.isKey, n.end - n.start < SensitiveMaterial.shortestSensitiveValue { continue }
            // Every request carries the two protocol constants; they match no pattern, so a
            // value that is exactly one of them skips the search.
            if !n.isKey, !n.hasEscapes, isProtocolConstant(n) { continue }
            let sensitive = withText(index) { text in
                n.isKey ? SensitiveMaterial.isSensitiveKey(text) : SensitiveMaterial.isSensitiveValue(text)
            }
            if sensitive { return (index, top) }
        }
        return (nil, top)
    }

    /// The JSON path (contract §3.1) of the key or value node `target`: dot-separated
    /// decoded keys in their original case, `[i]` for array elements; a key that is not
    /// plain is written `[redacted]` (contract §9.4, ``FieldPathKey``).
    mutating func path(to target: Int) -> String {
        var path = ""
        var container = 0
        while true {
            let n = node(container)
            var cursor = container + 1
            var descended = false
            for position in 0..<Int(n.count) {
                if n.kind == .object {
                    let key = cursor, value = cursor + 1, end = next(after: value)
                    if target >= key && target < end {
                        if !path.isEmpty { path += "." }
                        path += withText(key) { FieldPathKey.segment($0) }
                        if target == key || target == value { return path }
                        container = value
                        descended = true
                        break
                    }
                    cursor = end
                } else {
                    let end = next(after: cursor)
                    if target >= cursor && target < end {
                        path += "[\(position)]"
                        if target == cursor { return path }
                        container = cursor
                        descended = true
                        break
                    }
                    cursor = end
                }
            }
            if !descended { return path }
        }
    }

    /// `true` when the raw text of string node `n` is exactly the request schema or operation constant.
    @inline(__always)
    private func isProtocolConstant(_ n: JSONTape.Node) -> Bool {
        let text = UnsafeRawBufferPointer(start: base + Int(n.start), count: Int(n.end - n.start))
        switch text.count {
        case RequestValidator.schemaVersion.utf8CodeUnitCount: return exactlyEqual(text, RequestValidator.schemaVersion)
        case RequestValidator.operation.utf8CodeUnitCount: return exactlyEqual(text, RequestValidator.operation)
        default: return false
        }
    }
}
