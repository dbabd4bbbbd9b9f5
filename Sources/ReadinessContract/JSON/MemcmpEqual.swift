/// `true` when the `length` bytes at `a` and `b` are equal.
///
/// Written by hand because the hot path compares many short texts (member names,
/// keys, findings) where a `memcmp` call costs more than the comparison: eight
/// bytes at a time, then the rest one by one. `package` and `@inlinable` because the
/// registry's key tables and response cache compare their keys with it too.
@inlinable @inline(__always)
package func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    var i = 0
    while i + 8 <= length {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < length {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
