/// The single character that separates CSV fields: `,` by default, or `;`, tab, `|` or another
/// ASCII punctuation character.
///
/// In JSON and YAML it is written as a one-character string (`","`, `"\t"`).
public struct CSVDelimiter: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The delimiter's ASCII byte.
    public let byte: UInt8

    /// A comma, as RFC 4180 has it.
    public static let comma = CSVDelimiter(checked: UInt8(ascii: ","))
    /// A semicolon, common where the comma is the decimal separator.
    public static let semicolon = CSVDelimiter(checked: UInt8(ascii: ";"))
    /// A horizontal tab (tab-separated values).
    public static let tab = CSVDelimiter(checked: UInt8(ascii: "\t"))
    /// A vertical bar.
    public static let pipe = CSVDelimiter(checked: UInt8(ascii: "|"))

    /// Creates a delimiter from a character: a tab, or ASCII punctuation other than the double quote.
    ///
    /// Returns `nil` for letters, digits, spaces, line ends, `"` and non-ASCII characters, which
    /// cannot separate fields unambiguously.
    public init?(_ character: Character) {
        guard let byte = character.asciiValue, CSVDelimiter.isAllowed(byte) else { return nil }
        self.byte = byte
    }

    private init(checked byte: UInt8) {
        self.byte = byte
    }

    /// The delimiter as a one-character string.
    public var description: String {
        String(UnicodeScalar(byte))
    }

    /// Reads a one-character string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.count == 1, let character = text.first, let delimiter = CSVDelimiter(character) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "a CSV delimiter is one tab or ASCII punctuation character other than '\"', not \"\(text)\"")
        }
        self = delimiter
    }

    /// Writes the one-character string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        if byte == UInt8(ascii: "\t") { return true }
        guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\"") else { return false }
        let scalar = Unicode.Scalar(byte)
        return !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar)
    }
}
