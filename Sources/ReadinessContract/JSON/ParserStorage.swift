/// The reusable buffers ``StrictJSONParser`` writes its tape nodes, key stack and decoded escaped keys into.
///
/// Why raw memory: every value of every request is one tape node, and appending to a
/// `ContiguousArray` checks uniqueness and capacity through the array's header on each
/// append. The parser instead keeps a pointer, a count and a capacity in its own
/// (struct) fields and stores nodes directly; this class only owns the allocations, so
/// they are freed with the last parser copy, and it is consulted only to grow them.
/// A parser that finds its storage shared (the struct was copied) allocates its own
/// before writing, so parser copies keep value semantics.
final class ParserStorage {
    /// Room for ``nodeCapacity`` tape nodes.
    private(set) var nodes: UnsafeMutablePointer<JSONTape.Node>
    /// How many nodes ``nodes`` can hold.
    private(set) var nodeCapacity: Int
    /// Room for ``keyCapacity`` key-stack entries.
    private(set) var keys: UnsafeMutablePointer<KeyEntry>
    /// How many entries ``keys`` can hold.
    private(set) var keyCapacity: Int
    /// Room for the decoded texts of the escaped keys of the open objects.
    private(set) var decodedKeys: UnsafeMutablePointer<UInt8>
    /// How many bytes ``decodedKeys`` can hold.
    private(set) var decodedCapacity: Int

    /// Allocates storage for `nodeCapacity` nodes, `keyCapacity` keys and `decodedCapacity` bytes of
    /// decoded escaped keys (a typical request needs about 40 nodes, 10 keys and no decoded bytes).
    init(nodeCapacity: Int = 128, keyCapacity: Int = 32, decodedCapacity: Int = 256) {
        self.nodeCapacity = nodeCapacity
        self.keyCapacity = keyCapacity
        self.decodedCapacity = decodedCapacity
        nodes = .allocate(capacity: nodeCapacity)
        keys = .allocate(capacity: keyCapacity)
        decodedKeys = .allocate(capacity: decodedCapacity)
    }

    deinit {
        nodes.deallocate()
        keys.deallocate()
        decodedKeys.deallocate()
    }

    /// Doubles the node capacity, keeping the first `count` nodes.
    func growNodes(keeping count: Int) {
        nodes = Self.doubled(nodes, capacity: nodeCapacity, keeping: count)
        nodeCapacity *= 2
    }

    /// Doubles the key capacity, keeping the first `count` entries.
    func growKeys(keeping count: Int) {
        keys = Self.doubled(keys, capacity: keyCapacity, keeping: count)
        keyCapacity *= 2
    }

    /// Doubles the decoded-key capacity until it holds at least `minimum` bytes, keeping the first `count`.
    func growDecodedKeys(keeping count: Int, minimum: Int) {
        var capacity = decodedCapacity * 2
        while capacity < minimum { capacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.moveInitialize(from: decodedKeys, count: count)
        decodedKeys.deallocate()
        decodedKeys = grown
        decodedCapacity = capacity
    }

    /// Moves the first `count` elements of `buffer` (room for `capacity`) into a new allocation twice
    /// as large and frees `buffer`.
    private static func doubled<Element>(
        _ buffer: UnsafeMutablePointer<Element>, capacity: Int, keeping count: Int
    ) -> UnsafeMutablePointer<Element> {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: buffer, count: count)
        buffer.deallocate()
        return grown
    }
}
