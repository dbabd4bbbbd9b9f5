@testable import ReadinessRegistry
import Testing

/// The exact-byte hash table: insertion positions as ids, growth, and misses.
@Suite("Exact key table")
struct ExactKeyTableTests {
    @Test("positions are insertion order and survive growth; repeated keys keep the first value")
    func positions() {
        var builder = ExactKeyTable<Int>.Builder()
        let keys = (0..<5000).map { "key-\($0 * 7919 % 5000)" }
        for (position, key) in keys.enumerated() {
            let added = builder.insert(key, position * 10)
            #expect(added)
        }
        let repeated = builder.insert(keys[17], -1)
        #expect(!repeated)
        #expect(builder.value(keys[17]) == 170)
        let table = builder.build()
        #expect(table.count == 5000)
        for (position, key) in keys.enumerated() {
            #expect(table.position(of: key) == position)
            #expect(table[key] == position * 10)
        }
        #expect(table.keys == keys)
        for missing in ["", "key-", "key-5000", "key-00", "Key-1"] {
            #expect(table.position(of: missing) == nil)
            #expect(!table.contains(missing))
        }
    }

    @Test("the empty key, long keys and canonically equivalent spellings are distinct keys")
    func unusualKeys() {
        let long = String(repeating: "x", count: 1000)
        let table = ExactKeyTable([("", 1), (long, 2), ("caf\u{E9}", 3), ("cafe\u{301}", 4)])
        #expect(table.count == 4)
        #expect(table[""] == 1)
        #expect(table[long] == 2)
        #expect(table[long + "x"] == nil)
        #expect(table["caf\u{E9}"] == 3)
        #expect(table["cafe\u{301}"] == 4)
        #expect(ExactKeyTable<Int>().position(of: "") == nil)
    }
}
