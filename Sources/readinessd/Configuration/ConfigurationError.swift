/// A configuration problem, reported as one line naming the key and what is expected.
struct ConfigurationError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
