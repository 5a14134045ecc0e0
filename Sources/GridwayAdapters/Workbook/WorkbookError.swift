/// Why a spreadsheet file could not be read or written.
public struct WorkbookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `not an .xlsx workbook (no xl/workbook.xml)`.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
