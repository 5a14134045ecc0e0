/// The character classes of XML 1.0 (fifth edition) names, and qualified-name checks.
enum XMLName {
    /// The namespace that the `xml` prefix is always bound to.
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

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
        var colons = 0
        var atPartStart = true
        for scalar in name.unicodeScalars {
            if scalar == ":" {
                colons += 1
                guard !atPartStart, colons == 1 else { return false }
                atPartStart = true
            } else if atPartStart {
                guard isNameStart(scalar) else { return false }
                atPartStart = false
            } else if !isNameChar(scalar) {
                return false
            }
        }
        return !atPartStart
    }

    /// The prefix of a qualified name, empty for none.
    static func prefix(of name: String) -> Substring {
        guard let colon = name.utf8.firstIndex(of: UInt8(ascii: ":")) else { return "" }
        return name[..<colon]
    }

    /// The local part of a qualified name.
    static func localPart(of name: String) -> Substring {
        guard let colon = name.utf8.firstIndex(of: UInt8(ascii: ":")) else { return name[...] }
        return name[name.utf8.index(after: colon)...]
    }
}
