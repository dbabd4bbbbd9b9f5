/// A flat, document-ordered record of one parsed JSON document.
///
/// ``StrictJSONParser`` fills a tape; readers walk it by index. Every value is
/// one ``JSONTape/Node``; an object's members follow it as alternating key and
/// value subtrees, an array's elements follow it in order. Containers record
/// where their subtree ends so that a reader can skip them in O(1).
///
/// The tape refers to the parsed bytes by offset and does not own them: it is
/// only meaningful together with the buffer it was parsed from.
public struct JSONTape: Sendable {
    /// What kind of JSON value a node holds.
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    /// One value (or object key) on the tape.
    public struct Node: Sendable {
        /// The value's kind.
        public var kind: Kind
        /// `true` when a string contains at least one escape sequence.
        public var hasEscapes: Bool
        /// `true` when this string is an object member's key.
        public var isKey: Bool
        /// Strings: offset of the first content byte (after the quote).
        /// Numbers and literals: offset of the first byte. Containers: offset of the bracket.
        public var start: Int32
        /// Strings: offset one past the last content byte (before the quote).
        /// Numbers: one past the last byte. Containers: tape index one past the subtree.
        public var end: Int32
        /// Containers: number of members (objects) or elements (arrays); otherwise 0.
        public var count: Int32
    }

    /// The nodes in document order; index 0 is the root.
    public internal(set) var nodes: ContiguousArray<Node> = []

    /// Creates an empty tape.
    public init() {}

    /// Creates a tape holding `nodes` (the parser's copy of its node storage).
    init(nodes: ContiguousArray<Node>) {
        self.nodes = nodes
    }

    /// The tape index one past the subtree rooted at `index`.
    @inlinable
    public func next(after index: Int) -> Int {
        let node = nodes[index]
        switch node.kind {
        case .object, .array: return Int(node.end)
        default: return index + 1
        }
    }

    /// The tape indices of the keys of the object at `index` (each key's value is at key + 1).
    public func memberKeys(of index: Int) -> MemberKeys {
        MemberKeys(tape: self, object: index)
    }

    /// The tape indices of the elements of the array at `index`.
    public func elements(of index: Int) -> Elements {
        Elements(tape: self, array: index)
    }

    /// Iterates the key indices of one object.
    public struct MemberKeys: Sequence, IteratorProtocol {
        let tape: JSONTape
        var cursor: Int
        var remaining: Int32

        init(tape: JSONTape, object: Int) {
            self.tape = tape
            self.cursor = object + 1
            self.remaining = tape.nodes[object].count
        }

        public mutating func next() -> Int? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = cursor
            cursor = tape.next(after: key + 1)
            return key
        }
    }

    /// Iterates the element indices of one array.
    public struct Elements: Sequence, IteratorProtocol {
        let tape: JSONTape
        var cursor: Int
        var remaining: Int32

        init(tape: JSONTape, array: Int) {
            self.tape = tape
            self.cursor = array + 1
            self.remaining = tape.nodes[array].count
        }

        public mutating func next() -> Int? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let element = cursor
            cursor = tape.next(after: element)
            return element
        }
    }
}
