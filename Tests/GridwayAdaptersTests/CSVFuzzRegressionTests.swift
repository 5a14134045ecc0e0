import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

/// Inputs the CSV fuzz target (`Fuzz/Sources/FuzzCSV`) found, kept so they stay fixed.
@Suite struct CSVFuzzRegressionTests {
    /// `Fuzz/Regressions/FuzzCSV-bom-cell`: a cell holding U+FEFF after an empty line decodes, but was
    /// written unquoted at the start of the body, where the reader takes it for a byte-order mark and
    /// the row disappears (without a header) or the first column is renamed (with one).
    @Test(arguments: [BodyFormatOptions(delimiter: .tab, header: false), BodyFormatOptions()])
    func aCellStartingWithAByteOrderMarkSurvivesARoundTrip(options: BodyFormatOptions) throws {
        let body: [UInt8] = [0x0A, 0xEF, 0xBB, 0xBF] + (options.header ? Array("a\nx\n".utf8) : [])
        let table = try BodyFormat.csv.decode(body, options: options)
        #expect(table != .array([]))
        let written = try BodyFormat.csv.encode(table, options: options)
        #expect(try BodyFormat.csv.decode(written, options: options) == table)
    }
}
