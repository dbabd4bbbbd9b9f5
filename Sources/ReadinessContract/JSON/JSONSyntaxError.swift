/// Why a byte sequence is not an acceptable JSON document (contract §3.1 rule 3, §8 "JSON").
///
/// Every case maps to the `malformed_json` rejection reason. The description
/// names the problem and the byte offset; it never quotes document content.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of the problem.
    public enum Problem: String, Sendable, Equatable {
        case invalidUTF8 = "not valid UTF-8"
        case byteOrderMark = "starts with a byte-order mark"
        case notJSON = "not valid JSON"
        case controlCharacterInString = "raw control character in a string"
        case invalidEscape = "invalid escape sequence in a string"
        case loneSurrogate = "escaped lone surrogate in a string"
        case duplicateKey = "duplicate key in an object"
        case tooDeep = "nested deeper than 32 levels"
        case topLevelNotObject = "top level is not an object"
        case trailingGarbage = "unexpected data after the top-level object"
        case tooLarge = "document larger than 2 GiB"
    }

    /// The category of the problem.
    public var problem: Problem
    /// Byte offset where the problem was detected.
    public var offset: Int

    /// Creates an error for `problem` detected at byte `offset`.
    public init(_ problem: Problem, at offset: Int) {
        self.problem = problem
        self.offset = offset
    }

    public var description: String { "\(problem.rawValue) (at byte \(offset))" }
}
