/// A fragment of HTML; interpolated strings are escaped, interpolated fragments are not.
///
/// `"<td>\(name)</td>" as HTML` escapes `name`, so markup can only enter a page as an ``HTML`` value.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    private(set) var text: String

    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    /// Markup that is trusted as it is.
    init(raw: String) { text = raw }

    /// An empty fragment.
    static let empty = HTML(raw: "")

    var description: String { text }

    /// Builds a fragment; literal parts are markup, interpolated strings are escaped.
    struct Interpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }

        mutating func appendLiteral(_ literal: String) { text += literal }

        mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }

        mutating func appendInterpolation(_ value: Int) { text += String(value) }

        mutating func appendInterpolation(_ fragment: HTML) { text += fragment.text }

        mutating func appendInterpolation(_ fragments: [HTML]) { for fragment in fragments { text += fragment.text } }
    }

    /// Joins fragments.
    static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(raw: lhs.text + rhs.text) }

    /// Appends a fragment.
    static func += (lhs: inout HTML, rhs: HTML) { lhs.text += rhs.text }

    /// `value` with `& < > " '` replaced by character references, safe in text and quoted attributes.
    ///
    /// Works per Unicode scalar, not per `Character`: a `"` followed by a combining mark (U+0301) is one
    /// grapheme cluster that compares unequal to `"`, but an HTML parser still reads the quote.
    static func escape(_ value: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&#39;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}

extension Sequence {
    /// The fragments `render` makes of each element, joined.
    func html(_ render: (Element) throws -> HTML) rethrows -> HTML {
        var joined = HTML.empty
        for element in self { joined += try render(element) }
        return joined
    }
}
