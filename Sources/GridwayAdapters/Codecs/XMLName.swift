/// The character classes of XML 1.0 (fifth edition) names and text, and qualified-name checks.
enum XMLName {
    /// Whether `scalar` may start a name (`NameStartChar`, without the colon).
    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x5F: true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D,
            0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
            0x10000...0xEFFFF:
            true
        default: false
        }
    }

    /// Whether `scalar` may continue a name (`NameChar`, without the colon).
    static func isNameChar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(scalar)
        }
    }

    /// Whether `name` is a qualified name: a local name, or `prefix:local`, each a name without colons.
    static func isQualifiedName(_ name: String) -> Bool {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, isNameStart(first) else { return false }
            return part.unicodeScalars.dropFirst().allSatisfy(isNameChar)
        }
    }

    /// The prefix of a qualified name (`""` for none) and its local part.
    static func split(_ name: String) -> (prefix: String, local: String) {
        guard let colon = name.firstIndex(of: ":") else { return ("", name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    /// The namespace that the `xml` prefix is always bound to.
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
}
