/// Where a node sits in a document: an RFC 9535 normalized path such as
/// `$['data']['visitor']['name']` or `$['items'][0]`.
public struct JSONPathLocation: Sendable, Hashable, CustomStringConvertible {
    /// One step of a location: an object member name or an array index.
    public enum Element: Sendable, Hashable {
        /// The member with this name.
        case name(String)
        /// The array element at this zero-based index.
        case index(Int)
    }

    /// The steps from the root, outermost first; empty for the root itself.
    public var elements: [Element]

    /// The location of the whole document, `$`.
    public static let root = JSONPathLocation(elements: [])

    /// Creates a location from its steps.
    public init(elements: [Element]) {
        self.elements = elements
    }

    /// The RFC 9535 normalized path, e.g. `$['a'][0]`, with names escaped as section 2.7 requires.
    public var description: String {
        var path = "$"
        for element in elements {
            switch element {
            case .name(let name):
                path += "['"
                Self.appendEscaped(name, to: &path)
                path += "']"
            case .index(let index):
                path += "[\(index)]"
            }
        }
        return path
    }

    /// The same location as an RFC 6901 JSON Pointer, e.g. `/a/0`.
    public var pointer: JSONPointer {
        JSONPointer(
            tokens: elements.map { element in
                switch element {
                case .name(let name): return name
                case .index(let index): return String(index)
                }
            })
    }

    /// The location one step deeper, into the member `name`.
    public func appending(name: String) -> JSONPathLocation {
        var copy = self
        copy.elements.append(.name(name))
        return copy
    }

    /// The location one step deeper, into the array element at `index`.
    public func appending(index: Int) -> JSONPathLocation {
        var copy = self
        copy.elements.append(.index(index))
        return copy
    }

    /// Appends `name` as a normal-single-quoted string: `'` and `\` are escaped, control
    /// characters use `\b \f \n \r \t` or a lowercase `\u00xx`.
    private static func appendEscaped(_ name: String, to path: inout String) {
        for scalar in name.unicodeScalars {
            switch scalar {
            case "'": path += "\\'"
            case "\\": path += "\\\\"
            case "\u{08}": path += "\\b"
            case "\u{0C}": path += "\\f"
            case "\n": path += "\\n"
            case "\r": path += "\\r"
            case "\t": path += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                path += "\\u00" + (hex.count == 1 ? "0" + hex : hex)
            default: path.unicodeScalars.append(scalar)
            }
        }
    }
}
