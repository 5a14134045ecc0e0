/// The name of one major version of a contract: `elderly-visit@1`.
///
/// The id is lowercase kebab-case (`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`, at most 64 characters); the
/// major is a non-negative integer written without leading zeros. Refs order by id, then major.
public struct ContractRef: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The contract id, e.g. `elderly-visit`.
    public let id: String
    /// The major version, e.g. `1`.
    public let major: Int

    /// Creates a ref from its parts.
    /// - Throws: ``ContractRefError`` if `id` is not lowercase kebab-case or `major` is negative.
    public init(id: String, major: Int) throws(ContractRefError) {
        guard ContractRef.isValidID(id) else {
            throw ContractRefError(text: "\(id)@\(major)", reason: ContractRef.idRule)
        }
        guard major >= 0 else {
            throw ContractRefError(text: "\(id)@\(major)", reason: "the major version must not be negative")
        }
        self.id = id
        self.major = major
    }

    /// Parses `id@major`, e.g. `elderly-visit@1`.
    /// - Throws: ``ContractRefError`` saying which part is wrong.
    public init(parsing text: String) throws(ContractRefError) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ContractRefError(text: text, reason: "expected <id>@<major>, e.g. elderly-visit@1")
        }
        guard let major = ContractRef.major(parts[1]) else {
            throw ContractRefError(text: text, reason: "the major version must be a number without leading zeros")
        }
        guard ContractRef.isValidID(parts[0]) else { throw ContractRefError(text: text, reason: ContractRef.idRule) }
        self.id = String(parts[0])
        self.major = major
    }

    /// `id@major`.
    public var description: String {
        "\(id)@\(major)"
    }

    /// Whether `id` is a valid contract id: lowercase kebab-case, at most 64 characters.
    public static func isValidID(_ id: some StringProtocol) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"), bytes.count <= 64,
            bytes.last != UInt8(ascii: "-")
        else { return false }
        var previous = first
        for byte in bytes.dropFirst() {
            let isLetterOrDigit =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            guard isLetterOrDigit || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-")) else { return false }
            previous = byte
        }
        return true
    }

    public static func < (lhs: ContractRef, rhs: ContractRef) -> Bool {
        (lhs.id, lhs.major) < (rhs.id, rhs.major)
    }

    /// Decodes a ref from its `id@major` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the ref as its `id@major` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The rule an id breaks, for error messages.
    static let idRule =
        "the id must be lowercase kebab-case (a-z, 0-9 and single inner hyphens, starting with a letter)"

    /// A major version: decimal digits without leading zeros, or `nil`.
    static func major(_ text: some StringProtocol) -> Int? {
        guard let first = text.utf8.first, first != UInt8(ascii: "0") || text.utf8.count == 1, text.utf8.count <= 9,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)
    }
}
