import Foundation
import GridwayCore
import GridwayJSON

/// Rows of text lined up in columns for a terminal, CJK ideographs and fullwidth forms counting
/// two columns.
struct TextTable {
    /// The column headings.
    let header: [String]
    /// The rows, each as many cells as ``header``.
    var rows: [[String]] = []

    /// The header, a rule, and the rows, two spaces between columns, without trailing blanks.
    var rendered: String {
        let lines = [header] + rows
        let widths = header.indices.map { column in lines.map { Self.width($0[column]) }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - Self.width($0)) }
                .joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// The columns `text` takes in a terminal.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.isTerminalWide ? 2 : 1) }
    }
}
