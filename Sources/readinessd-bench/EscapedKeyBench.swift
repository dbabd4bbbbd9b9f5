import ReadinessContract

#if canImport(Glibc)
import Glibc
#endif

/// `readinessd-bench escaped-keys [parses] [rounds]`: the parser's CPU time for one
/// document of about 1.2 MB made of 24-key objects, with plain keys against the same
/// keys escaped (contract §3.1 rule 3 compares keys after unescaping).
///
/// Why: escaped keys once sent every small object to a pairwise comparison that
/// decoded both keys of each pair, making such a document over forty times as expensive
/// as its plain twin. The three documents have the same size, the same number of
/// objects and keys, and the same values (padded so that the sizes agree), so the
/// ratios printed are the cost of the escapes alone.
enum EscapedKeyBench {
    /// Members per object, as in the measured attack.
    static let keysPerObject = 24
    /// The size each document reaches (at least).
    static let documentBytes = 1_200_000

    /// One way of writing the keys.
    enum KeyStyle: String, CaseIterable {
        /// `"key_name_07"`.
        case plain
        /// `"\u006Bey_name_07"`: the same decoded text as `plain`, first letter escaped.
        case unicodeEscaped = "escaped \\u"
        /// `"key\nname_07"`: a `\n` escape in place of the first `_`.
        case newlineEscaped = "escaped \\n"

        /// The raw (as written) key text of member `index`.
        func key(_ index: Int) -> String {
            let number = index < 10 ? "0\(index)" : "\(index)"
            switch self {
            case .plain: return "key_name_\(number)"
            case .unicodeEscaped: return "\\u006Bey_name_\(number)"
            case .newlineEscaped: return "key\\nname_\(number)"
            }
        }
    }

    /// Runs the benchmark and prints one line per key style, then the ratios.
    static func run(parses: Int, rounds: Int) {
        let styles = KeyStyle.allCases
        let longestKey = (0..<keysPerObject).map { index in styles.map { $0.key(index).utf8.count }.max()! }
        let documents = styles.map { document($0, longestKey: longestKey) }
        let objects = documents[0].objects
        precondition(documents.allSatisfy { $0.bytes.count == documents[0].bytes.count && $0.objects == objects },
                     "the documents must agree in size and shape")
        print("escaped keys: one document of \(documents[0].bytes.count) bytes, \(objects) objects of \(keysPerObject) keys "
              + "(\(objects * keysPerObject) keys); \(parses) parses per round, best of \(rounds) rounds, one thread")
        var parser = StrictJSONParser()
        var validator = RequestValidator(maximumMessageBytes: 1 << 22)
        var parseCosts: [Double] = []
        for (style, document) in zip(styles, documents) {
            if let error = document.bytes.withUnsafeBytes({ parser.parse($0) }) {
                print("error: the \(style.rawValue) document does not parse: \(error.problem.rawValue) at \(error.offset)")
                exit(1)
            }
            let parse = best(rounds) {
                for _ in 0..<parses { _ = document.bytes.withUnsafeBytes { parser.parse($0) } }
            } / Double(parses)
            let validate = best(rounds) {
                for _ in 0..<parses { _ = document.bytes.withUnsafeBytes { validator.validate($0) } }
            } / Double(parses)
            parseCosts.append(parse)
            let padded = style.rawValue + String(repeating: " ", count: max(0, 10 - style.rawValue.count))
            print("RESULT parser CPU, \(padded): \(Int((parse * 1e6).rounded())) µs per document"
                  + " (parse+validate \(Int((validate * 1e6).rounded())) µs)")
        }
        for (style, cost) in zip(styles, parseCosts).dropFirst() {
            print("RESULT \(style.rawValue) / plain: \(ReadinessBench.format(cost / parseCosts[0] * 100) )%")
        }
    }

    /// The best (smallest) thread CPU time of `rounds` runs of `body`, in seconds, after one warm-up run.
    private static func best(_ rounds: Int, _ body: () -> Void) -> Double {
        body()
        var best = Double.infinity
        for _ in 0..<max(1, rounds) {
            let start = ReadinessBench.threadCPUNanoseconds()
            body()
            best = min(best, Double(ReadinessBench.threadCPUNanoseconds() - start) / 1e9)
        }
        return best
    }

    /// `{"objects":[{…24 members…},…]}` of at least ``documentBytes`` bytes. Each member's value is
    /// a string padded so that key plus value take the same room in every style.
    private static func document(_ style: KeyStyle, longestKey: [Int]) -> (bytes: [UInt8], objects: Int) {
        var object = "{"
        for index in 0..<keysPerObject {
            let key = style.key(index)
            let padding = String(repeating: "v", count: longestKey[index] - key.utf8.count)
            if index > 0 { object += "," }
            object += "\"\(key)\":\"value-\(index)\(padding)\""
        }
        object += "}"
        let objectBytes = Array(object.utf8)
        var bytes = Array(#"{"objects":["#.utf8)
        var objects = 0
        while bytes.count < documentBytes {
            if objects > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += objectBytes
            objects += 1
        }
        bytes += Array("]}".utf8)
        return (bytes, objects)
    }
}
