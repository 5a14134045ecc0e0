import Foundation
import GridwayCore

/// One worksheet for ``XLSXWriter``: its rows, how its columns look, and its drop-down lists.
public struct WorkbookSheet: Sendable, Hashable {
    /// A cell's content.
    public enum Cell: Sendable, Hashable {
        /// Text, written as an inline string.
        case text(String)
        /// Text in bold, for a header row.
        case heading(String)
        /// A number.
        case number(Double)
        /// A day, written as an Excel date serial in the `yyyy/m/d` format.
        case date(CalendarDay)
        /// Nothing.
        case empty
    }

    /// How a column's new cells are formatted.
    public enum ColumnFormat: Sendable, Hashable {
        /// Excel's General format.
        case general
        /// Text: long digit strings such as identity card numbers stay as typed.
        case text
        /// A date.
        case date
        /// General, wrapped at the column's width.
        case wrapped
    }

    /// A column's width (in characters) and format.
    public struct Column: Sendable, Hashable {
        public var width: Int
        public var format: ColumnFormat

        public init(width: Int, format: ColumnFormat = .general) {
            self.width = width
            self.format = format
        }
    }

    /// A drop-down list on one column: the values of `source`, a range such as `'选项'!$A$1:$A$4`.
    public struct List: Sendable, Hashable {
        /// The column, 0 for A.
        public var column: Int
        /// The first and last row numbers it covers.
        public var rows: ClosedRange<Int>
        /// The formula naming the cells that hold the choices.
        public var source: String
        /// What Excel says when a typed value is not a choice.
        public var error: String

        public init(column: Int, rows: ClosedRange<Int>, source: String, error: String) {
            self.column = column
            self.rows = rows
            self.source = source
            self.error = error
        }
    }

    /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
    public var name: String
    public var rows: [[Cell]]
    public var columns: [Column]
    public var lists: [List]
    /// Whether the sheet is hidden (it still holds the values lists refer to).
    public var isHidden: Bool
    /// Whether the first row stays in view while scrolling.
    public var freezesFirstRow: Bool

    public init(
        name: String, rows: [[Cell]], columns: [Column] = [], lists: [List] = [], isHidden: Bool = false,
        freezesFirstRow: Bool = false
    ) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.lists = lists
        self.isHidden = isHidden
        self.freezesFirstRow = freezesFirstRow
    }

    /// A formula reference to the cells of `column` (0 for A) in rows `rows` of this sheet, for ``List/source``.
    public func reference(column: Int, rows: ClosedRange<Int>) -> String {
        let letters = Self.columnLetters(column)
        return
            "'\(name.replacingOccurrences(of: "'", with: "''"))'!$\(letters)$\(rows.lowerBound):$\(letters)$\(rows.upperBound)"
    }

    /// The letters of a column: 0 is `A`, 26 is `AA`.
    static func columnLetters(_ index: Int) -> String {
        var index = index + 1
        var letters = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            index = (index - 1) / 26
        }
        return letters
    }
}
