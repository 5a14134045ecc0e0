import Foundation

/// The fields of a submitted HTML form, in order, repeated names kept (checkbox groups).
struct PortalForm: Sendable {
    /// Every field as sent.
    private(set) var fields: [(name: String, value: String)] = []
    /// Uploaded files by field name (multipart forms only).
    private(set) var files: [String: [UInt8]] = [:]

    /// Parses `application/x-www-form-urlencoded` text.
    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields.append((Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : ""))
        }
    }

    /// Parses a `multipart/form-data` body delimited by `boundary`, in time linear in its length.
    init(multipart body: [UInt8], boundary: MultipartBoundary) {
        let delimiter = BytePattern(boundary.delimiter)
        let headersEnd = BytePattern([13, 10, 13, 10])
        var parts: [ArraySlice<UInt8>] = []
        var searchFrom = 0
        var previous: Int?
        while let found = delimiter.firstIndex(in: body[...], from: searchFrom) {
            if let start = previous { parts.append(body[start..<found]) }
            previous = found + delimiter.bytes.count
            searchFrom = found + delimiter.bytes.count
        }
        for var part in parts {
            // Each part: CRLF, headers, CRLF CRLF, content, CRLF (before the next delimiter).
            if part.starts(with: [13, 10]) { part = part.dropFirst(2) }
            if part.count >= 2, part.suffix(2).elementsEqual([13, 10]) { part = part.dropLast(2) }
            guard let split = headersEnd.firstIndex(in: part, from: part.startIndex) else { continue }
            let headerBytes = Array(part[..<split])
            let content = Array(part[(split + 4)...])
            let headers = String(decoding: headerBytes, as: UTF8.self)
            guard
                let disposition = headers.split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                }), let name = Self.parameter("name", in: String(disposition))
            else { continue }
            if Self.parameter("filename", in: String(disposition)) != nil {
                files[name] = content
            } else {
                fields.append((name, String(decoding: content, as: UTF8.self)))
            }
        }
    }

    /// Adds a field at the end.
    mutating func append(_ name: String, _ value: String) { fields.append((name, value)) }

    /// The first value of `name`.
    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static func parameter(_ name: String, in header: String) -> String? {
        guard let range = header.range(of: "; \(name)=\"") ?? header.range(of: ";\(name)=\"") else { return nil }
        let rest = header[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
