import OrderedCollections

/// An RFC 6901 JSON Pointer: a path of reference tokens into a JSON document, such as `/a/b~1c`.
///
/// Tokens are held unescaped; ``description`` gives the escaped string form. The empty pointer
/// (``root``) refers to the whole document.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public private(set) var tokens: [String]

    /// The pointer to the whole document, written as the empty string.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped reference tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses the string form of a pointer, e.g. `/a/b~1c` (tokens `a` and `b/c`).
    ///
    /// - Throws: ``JSONPointerError`` if the string is not empty and does not start with `/`, or
    ///   contains a `~` not followed by `0` or `1`.
    public init(parsing string: String) throws(JSONPointerError) {
        if string.isEmpty {
            self.init(tokens: [])
            return
        }
        guard string.hasPrefix("/") else {
            throw JSONPointerError(pointer: string, reason: "a non-empty JSON Pointer must start with '/'")
        }
        var tokens: [String] = []
        for raw in string.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(raw) else {
                throw JSONPointerError(pointer: string, reason: "'~' must be followed by '0' or '1'")
            }
            tokens.append(token)
        }
        self.init(tokens: tokens)
    }

    /// The escaped string form, e.g. `/a/b~1c`; empty for ``root``.
    public var description: String {
        var result = ""
        for token in tokens {
            result.append("/")
            result.append(JSONPointer.escape(token))
        }
        return result
    }

    /// Whether this is the pointer to the whole document.
    public var isRoot: Bool {
        tokens.isEmpty
    }

    /// The pointer with `token` appended.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    /// The pointer with an array index appended.
    public func appending(index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The pointer with all of `other`'s tokens appended.
    public func appending(_ other: JSONPointer) -> JSONPointer {
        var copy = self
        copy.tokens.append(contentsOf: other.tokens)
        return copy
    }

    /// Appends `token` in place.
    public mutating func append(_ token: String) {
        tokens.append(token)
    }

    /// The pointer without its last token, or `nil` for ``root``.
    public var parent: JSONPointer? {
        guard !tokens.isEmpty else { return nil }
        return JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// The value this pointer refers to inside `document`, or `nil` if there is none.
    ///
    /// Array tokens must be decimal indexes without leading zeros (`-` never resolves).
    public func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = JSONPointer.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
    public static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        var result = ""
        for character in token {
            switch character {
            case "~": result.append("~0")
            case "/": result.append("~1")
            default: result.append(character)
            }
        }
        return result
    }

    /// Unescapes one reference token, or returns `nil` if it has an invalid `~` sequence.
    public static func unescape(_ token: some StringProtocol) -> String? {
        guard token.contains("~") else { return String(token) }
        var result = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            if character == "~" {
                switch iterator.next() {
                case "0": result.append("~")
                case "1": result.append("/")
                default: return nil
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The array index a token denotes: decimal digits without leading zeros.
    static func arrayIndex(_ token: String) -> Int? {
        let utf8 = token.utf8
        guard let first = utf8.first, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if first == 0x30 && utf8.count > 1 { return nil }
        return Int(token)
    }
}

extension JSONPointer: Codable {
    /// Decodes a pointer from its string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(parsing: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the pointer as its string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
