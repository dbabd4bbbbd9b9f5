/// Code-point (UTF-8 byte) equality of two strings.
///
/// contract identifiers, keys and registry names compare code point by code
/// point; Swift's `==` uses canonical equivalence (`"é" == "e\u{301}"`), so
/// every comparison of such names goes through this function.
public func exactlyEqual(_ a: String, _ b: String) -> Bool {
    a.withUTF8Bytes { left in
        b.withUTF8Bytes { right in
            left.count == right.count && (left.count == 0 || memcmpEqual(left.baseAddress!, right.baseAddress!, left.count))
        }
    }
}

/// Code-point equality of raw UTF-8 bytes and a name known at compile time
/// (JSON member names, Kafka header names).
@inline(__always)
public func exactlyEqual(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
    bytes.count == name.utf8CodeUnitCount
        && (bytes.isEmpty || memcmpEqual(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), name.utf8Start, bytes.count))
}
