import ReadinessContract
import Testing
@testable import ReadinessFleet

/// A spreadsheet opening a fleet CSV must never run a cell as a formula: cells starting
/// with `=`, `+`, `-`, `@`, TAB or CR are prefixed with `'` and quoted.
@Suite struct FleetCSVInjectionTests {
    /// Splits RFC 4180 `text` into rows of cells (quoted cells may hold CR, LF, commas, quotes).
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { scalars.removeFirst(); cell.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    cell.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                row.append(cell); cell = ""
            } else if scalar == "\r", scalars.first == "\n" {
                scalars.removeFirst(); row.append(cell); rows.append(row); row = []; cell = ""
            } else {
                cell.unicodeScalars.append(scalar)
            }
        }
        return rows
    }

    static let dangerous = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]

    @Test(arguments: dangerous)
    func leadingFormulaCharacterIsQuotedAndPrefixed(_ tenant: String) {
        let text = FleetCSVRenderer().render(FleetFixtures.report([tenant], answers: [:]))
        let line = text.components(separatedBy: "\r\n")[1]
        let expected = "\"'" + tenant.replacing("\"", with: "\"\"") + "\""
        #expect(line.hasPrefix(expected + ","))
        #expect(Self.parseCSV(text)[1][0] == "'" + tenant)
    }

    @Test func everyColumnIsNeutralised() {
        let answers: [Int: FleetAnswer] = [
            0: .response(FleetAnswer.Response(readinessStatus: .blocked, catalogStatus: .ready, latestCatalogVersion: "+cat",
                                              blockers: ["=cmd|' /C calc'!A0", "ok"], registryRevision: "rev")),
            1: .rejection(FleetAnswer.Rejection(reason: "invalid_field", field: "@field", message: "\tmessage")),
        ]
        let rows = Self.parseCSV(FleetCSVRenderer().render(FleetFixtures.report(["a", "b"], answers: answers)))
        let columns = FleetCSVRenderer.columns
        let answered = Dictionary(uniqueKeysWithValues: zip(columns, rows[1]))
        #expect(answered["latest_catalog_version"] == "'+cat")
        #expect(answered["blockers"] == "'=cmd|' /C calc'!A0 | ok")
        let rejected = Dictionary(uniqueKeysWithValues: zip(columns, rows[2]))
        #expect(rejected["rejection_field"] == "'@field")
        #expect(rejected["rejection_message"] == "'\tmessage")
        // Nothing a spreadsheet would evaluate starts any cell.
        for row in rows.dropFirst() {
            for cell in row {
                #expect(!(cell.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false), "\(cell)")
            }
        }
    }

    @Test func ordinaryCellsStayAsTheyAre() {
        #expect(FleetCSVRenderer.field("tenant-a") == "tenant-a")
        #expect(FleetCSVRenderer.field("a=b") == "a=b")
        #expect(FleetCSVRenderer.field(" =b") == " =b")
        #expect(FleetCSVRenderer.field("") == "")
        #expect(FleetCSVRenderer.field("a,b") == "\"a,b\"")
        #expect(FleetCSVRenderer.field("-") == "\"'-\"")
        #expect(FleetCSVRenderer.field("\r\n=x") == "\"'\r\n=x\"")
    }
}
