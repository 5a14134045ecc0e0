import GridwayCore
import GridwayJSON
import OrderedCollections

/// Writes a JSON tree as RFC 4180 CSV by the convention described on ``BodyFormat/csv``.
struct CSVWriter {
    private let delimiter: UInt8
    private var output: [UInt8] = []

    private init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// The UTF-8 table for `value`: an array of objects, a single object, or an array of arrays.
    static func table(_ value: JSONValue, options: BodyFormatOptions) throws(CodecError) -> [UInt8] {
        var writer = CSVWriter(delimiter: options.delimiter.byte)
        switch value {
        case .object:
            try writer.objects([value], header: options.header, pointer: { _ in .root })
        case .array(let rows):
            if case .array = rows.first {
                try writer.arrays(rows)
            } else {
                try writer.objects(rows, header: options.header, pointer: { JSONPointer.root.appending(index: $0) })
            }
        default:
            throw error(
                "a CSV body is an array of objects, a single object or an array of arrays, not \(value.kindDescription)",
                at: .root)
        }
        return writer.output
    }

    private static func error(_ reason: String, at pointer: JSONPointer) -> CodecError {
        CodecError(format: .csv, location: .value(pointer), reason: reason)
    }

    /// Writes rows of objects, with the union of their keys as the columns (nothing when there are none).
    private mutating func objects(_ rows: [JSONValue], header: Bool, pointer: (Int) -> JSONPointer) throws(CodecError) {
        var columns: OrderedSet<String> = []
        var tables: [OrderedDictionary<String, JSONValue>] = []
        tables.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            guard case .object(let members) = row else {
                throw CSVWriter.error(
                    "expected an object like the first row, not \(row.kindDescription)", at: pointer(index))
            }
            columns.append(contentsOf: members.keys)
            tables.append(members)
        }
        guard !columns.isEmpty else { return }
        if header {
            record(columns.elements)
        }
        for (index, members) in tables.enumerated() {
            var fields: [String] = []
            fields.reserveCapacity(columns.count)
            for column in columns {
                fields.append(try cell(members[column] ?? .null, at: pointer(index).appending(column)))
            }
            record(fields)
        }
    }

    /// Writes rows of arrays as they are; they must all be as long as the first.
    private mutating func arrays(_ rows: [JSONValue]) throws(CodecError) {
        var width: Int?
        for (index, row) in rows.enumerated() {
            let pointer = JSONPointer.root.appending(index: index)
            guard case .array(let items) = row else {
                throw CSVWriter.error("expected an array like the first row, not \(row.kindDescription)", at: pointer)
            }
            if let width, items.count != width {
                throw CSVWriter.error("row has \(items.count) fields; the first has \(width)", at: pointer)
            }
            width = items.count
            var fields: [String] = []
            for (column, item) in items.enumerated() {
                fields.append(try cell(item, at: pointer.appending(index: column)))
            }
            record(fields)
        }
    }

    private func cell(_ value: JSONValue, at pointer: JSONPointer) throws(CodecError) -> String {
        if case .null = value { return "" }
        guard let text = value.codecText else {
            throw CSVWriter.error("a CSV cell cannot hold \(value.kindDescription)", at: pointer)
        }
        return text
    }

    /// Writes one record and its CRLF, quoting fields that need it (and a lone empty field, which
    /// would otherwise be an empty line, and a field starting with U+FEFF, which would otherwise be read
    /// as a byte-order mark when it opens the body).
    private mutating func record(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(delimiter) }
            let needsQuotes =
                (fields.count == 1 && field.isEmpty) || field.unicodeScalars.first == "\u{FEFF}"
                || field.utf8.contains { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            guard needsQuotes else {
                output.append(contentsOf: field.utf8)
                continue
            }
            output.append(UInt8(ascii: "\""))
            for byte in field.utf8 {
                if byte == UInt8(ascii: "\"") { output.append(byte) }
                output.append(byte)
            }
            output.append(UInt8(ascii: "\""))
        }
        output.append(contentsOf: [0x0D, 0x0A])
    }
}
