extension [CChar] {
    /// The UTF-8 text before the first NUL of an error-string buffer.
    var decodedCString: String {
        let bytes = prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
