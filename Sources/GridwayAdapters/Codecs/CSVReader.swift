import GridwayCore
import GridwayJSON
import OrderedCollections

/// Reads RFC 4180 CSV into a JSON tree by the convention described on ``BodyFormat/csv``.
struct CSVReader {
    private let text: DecodedText
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private let header: Bool
    private var position = 0

    /// Creates a reader of `text` with the delimiter and header options of `options`.
    init(text: DecodedText, options: BodyFormatOptions) {
        self.text = text
        self.bytes = text.utf8
        self.delimiter = options.delimiter.byte
        self.header = options.header
    }

    /// Reads all records: objects keyed by the header's names, or arrays without a header.
    mutating func table() throws(CodecError) -> JSONValue {
        guard let first = try record() else { return .array([]) }
        var rows: [JSONValue] = []
        let columns = header ? first.fields : []
        if header {
            var seen: Set<String> = []
            for name in columns where !seen.insert(name).inserted {
                throw text.error("duplicate column name \"\(name)\" in the header", at: first.offset)
            }
        } else {
            rows.append(.array(first.fields.map(JSONValue.string)))
        }
        while let next = try record() {
            guard next.fields.count == first.fields.count else {
                throw text.error(
                    "record has \(next.fields.count) fields; the \(header ? "header" : "first record") has \(first.fields.count)",
                    at: next.offset)
            }
            let values = next.fields.map(JSONValue.string)
            rows.append(
                header ? .object(OrderedDictionary(uncheckedUniqueKeys: columns, values: values)) : .array(values))
        }
        return .array(rows)
    }

    /// The next record and the offset where it starts, skipping empty lines; `nil` at the end.
    private mutating func record() throws(CodecError) -> (fields: [String], offset: Int)? {
        while position < bytes.count && (bytes[position] == 0x0A || bytes[position] == 0x0D) { position += 1 }
        guard position < bytes.count else { return nil }
        let start = position
        var fields: [String] = []
        while true {
            fields.append(try field())
            guard position < bytes.count else { break }
            let byte = bytes[position]
            position += 1
            if byte == delimiter { continue }
            if byte == 0x0D && position < bytes.count && bytes[position] == 0x0A { position += 1 }
            break
        }
        return (fields, start)
    }

    /// Reads one field, quoted or not, stopping before the delimiter or line end that follows it.
    private mutating func field() throws(CodecError) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                if byte == UInt8(ascii: "\"") {
                    throw text.error(
                        "a quote inside an unquoted field; quote the whole field and double the quote", at: position)
                }
                position += 1
            }
            return text.string(start..<position)
        }
        let start = position
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            guard byte == UInt8(ascii: "\"") else {
                value.append(byte)
                continue
            }
            if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
                value.append(byte)
                position += 1
                continue
            }
            guard position == bytes.count || [delimiter, 0x0A, 0x0D].contains(bytes[position]) else {
                throw text.error("expected a delimiter or a line end after the closing quote", at: position)
            }
            return String(decoding: value, as: UTF8.self)
        }
        throw text.error("unterminated quoted field", at: start)
    }
}
