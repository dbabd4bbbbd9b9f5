/// Makes text from the snapshot or the topics safe to print on a terminal, for
/// ``FleetTableRenderer``.
///
/// Tenant ids, scopes, blockers, rejection texts and revisions come from the
/// registry snapshot and from whatever is on the output topics; printed raw, an
/// ESC sequence in one of them could clear the operator's screen, rewrite earlier
/// lines, or hide a row, and a stray CR or LF would forge a row of its own. Each
/// of the following scalars is therefore written as a Swift-style escape
/// `\u{XX}` (upper-case hex, at least two digits, e.g. ESC → `\u{1B}`, LF →
/// `\u{0A}`, U+202E → `\u{202E}`):
/// - every control character (general category Cc: U+0000–U+001F, U+007F–U+009F,
///   the C1 controls included, since terminals act on some of them);
/// - U+2028 and U+2029 (line and paragraph separators);
/// - the bidirectional formatting characters (U+061C, U+200E, U+200F,
///   U+202A–U+202E, U+2066–U+2069), which reorder the text around them.
///
/// A backslash is written `\\`, so that a text which itself reads `\u{1B}` is told
/// apart from an escaped ESC. Text with none of these is returned unchanged.
public enum FleetTextEscaping {
    /// `text` with every scalar listed above escaped.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `true` for the scalars written as `\u{…}`, and for the backslash.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x5C: true
        case 0x2028, 0x2029: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
