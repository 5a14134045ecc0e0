import GridwayCore
import GridwayJSON
import OrderedCollections

/// Writes a JSON tree as an XML document by the convention described on ``BodyFormat/xml``.
struct XMLWriter {
    /// The deepest element nesting written.
    static let maxDepth = 256

    private var output: [UInt8] = []
    /// The reference tokens of the member being written, for errors.
    private var path: [String] = []
    /// The namespace prefixes declared by the open elements, outermost first (`""` for the default).
    private var declared: [String] = []

    /// The UTF-8 document for `value`, starting with an XML declaration naming the charset.
    static func document(_ value: JSONValue, options: BodyFormatOptions) throws(CodecError) -> [UInt8] {
        var writer = XMLWriter()
        writer.output.reserveCapacity(1024)
        writer.output.append(contentsOf: "<?xml version=\"1.0\" encoding=\"\(options.charset.xmlName)\"?>".utf8)
        let declarations = try writer.namespaceDeclarations(options.namespaces)
        if let root = options.root {
            try writer.element(root, value, depth: 1, declaring: declarations)
            return writer.output
        }
        guard case .object(let members) = value, members.count == 1, let name = members.keys.first,
            let content = members.values.first, !name.hasPrefix("@"), !name.hasPrefix("#")
        else {
            throw writer.error(
                "an XML document has one root element: give an object with a single element member, or set the root option"
            )
        }
        writer.path.append(name)
        if case .array = content {
            throw writer.error("the root element cannot repeat: an XML document has exactly one")
        }
        try writer.element(name, content, depth: 1, declaring: declarations)
        return writer.output
    }

    /// The namespaces option as declarations sorted by prefix, checked.
    private func namespaceDeclarations(_ namespaces: [String: String]) throws(CodecError) -> [(
        prefix: String, uri: String
    )] {
        let sorted = namespaces.sorted { $0.key < $1.key }
        for (prefix, uri) in sorted {
            let reserved = prefix == "xmlns" || (prefix == "xml" && uri != XMLName.xmlNamespace)
            guard prefix.isEmpty || (XMLName.isQualifiedName(prefix) && !prefix.contains(":") && !reserved) else {
                throw error("the namespaces option has an invalid prefix \"\(prefix)\"")
            }
            guard !uri.isEmpty || prefix.isEmpty else {
                throw error("the namespaces option gives prefix \"\(prefix)\" an empty URI")
            }
        }
        return sorted.map { (prefix: $0.key, uri: $0.value) }
    }

    /// An error at the member being written, or at its member `token`.
    private func error(_ reason: String, at token: String? = nil) -> CodecError {
        var tokens = path
        if let token { tokens.append(token) }
        return CodecError(format: .xml, location: .value(JSONPointer(tokens: tokens)), reason: reason)
    }

    /// Writes the element `name` holding `value` (the member at ``path``), with the given namespace
    /// declarations first.
    private mutating func element(
        _ name: String, _ value: JSONValue, depth: Int, declaring declarations: [(prefix: String, uri: String)]
    ) throws(CodecError) {
        guard depth <= XMLWriter.maxDepth else { throw error("elements nest deeper than \(XMLWriter.maxDepth)") }
        guard XMLName.isQualifiedName(name) else { throw error("\"\(name)\" is not an XML element name") }
        let scope = declared.count
        defer { declared.removeSubrange(scope...) }
        for declaration in declarations { declared.append(declaration.prefix) }
        var members: OrderedDictionary<String, JSONValue> = [:]
        switch value {
        case .object(let object):
            members = object
            for (key, member) in object where XMLWriter.isAttribute(key) {
                try declareNamespace(key, member, besides: declarations)
            }
        case .array:
            throw error("an array needs a member name to be written as XML elements")
        case .null, .bool, .integer, .number, .string:
            break
        }
        try checkPrefix(of: name)

        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: name.utf8)
        for declaration in declarations {
            output.append(
                contentsOf: (declaration.prefix.isEmpty ? " xmlns=\"" : " xmlns:\(declaration.prefix)=\"").utf8)
            try appendEscaped(declaration.uri, quoted: true)
            output.append(UInt8(ascii: "\""))
        }
        for (key, member) in members where XMLWriter.isAttribute(key) {
            try attribute(key, member)
        }
        if let text = value.codecText {
            output.append(UInt8(ascii: ">"))
            try appendEscaped(text, quoted: false)
            closeTag(name)
            return
        }
        var isOpen = false
        for (key, member) in members where !XMLWriter.isAttribute(key) {
            path.append(key)
            defer { path.removeLast() }
            if key == "#text" {
                if case .null = member { continue }
                guard let text = member.codecText else {
                    throw error("#text must be a scalar, not \(member.kindDescription)")
                }
                openContent(&isOpen)
                try appendEscaped(text, quoted: false)
            } else if key.utf8.first == UInt8(ascii: "#") {
                throw error("\"\(key)\" is not an element name; the only #-member is #text")
            } else if case .array(let items) = member {
                for (index, item) in items.enumerated() {
                    path.append(String(index))
                    defer { path.removeLast() }
                    if case .array = item { throw error("an array inside an array cannot be written as XML") }
                    openContent(&isOpen)
                    try element(key, item, depth: depth + 1, declaring: [])
                }
            } else {
                openContent(&isOpen)
                try element(key, member, depth: depth + 1, declaring: [])
            }
        }
        if isOpen {
            closeTag(name)
        } else {
            output.append(contentsOf: "/>".utf8)
        }
    }

    /// Whether the member `key` is an attribute (`@name`).
    private static func isAttribute(_ key: String) -> Bool {
        key.utf8.first == UInt8(ascii: "@")
    }

    /// Records the namespace declared by the member `key` if it is `@xmlns` or `@xmlns:p`, refusing a
    /// prefix that the namespaces option also declares on the same element.
    private mutating func declareNamespace(
        _ key: String, _ value: JSONValue, besides declarations: [(prefix: String, uri: String)]
    ) throws(CodecError) {
        guard key == "@xmlns" || key.hasPrefix("@xmlns:"), let uri = value.codecText else { return }
        let prefix = key == "@xmlns" ? "" : String(XMLName.localPart(of: key))
        guard !uri.isEmpty || prefix.isEmpty else {
            throw error("a namespace prefix cannot be bound to an empty URI", at: key)
        }
        if declarations.contains(where: { $0.prefix == prefix }) {
            throw error("namespace prefix \"\(prefix)\" is declared both here and in the namespaces option", at: key)
        }
        declared.append(prefix)
    }

    /// Writes the attribute for the member `key` (`@name`); nothing when its value is `null`.
    private mutating func attribute(_ key: String, _ value: JSONValue) throws(CodecError) {
        let name = String(key[key.utf8.index(after: key.utf8.startIndex)...])
        guard XMLName.isQualifiedName(name) else { throw error("\"\(name)\" is not an XML attribute name", at: key) }
        if case .null = value { return }
        guard let text = value.codecText else {
            throw error("an attribute must be a scalar, not \(value.kindDescription)", at: key)
        }
        if name != "xmlns" && !name.hasPrefix("xmlns:") {
            path.append(key)
            defer { path.removeLast() }
            try checkPrefix(of: name)
        }
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: name.utf8)
        output.append(contentsOf: "=\"".utf8)
        path.append(key)
        defer { path.removeLast() }
        try appendEscaped(text, quoted: true)
        output.append(UInt8(ascii: "\""))
    }

    /// Checks that the prefix of `name`, if any, is declared.
    private func checkPrefix(of name: String) throws(CodecError) {
        let prefix = XMLName.prefix(of: name)
        guard !prefix.isEmpty, prefix != "xml" else { return }
        guard prefix != "xmlns" else { throw error("the prefix xmlns is reserved for namespace declarations") }
        guard declared.contains(where: { $0 == prefix }) else {
            throw error(
                "namespace prefix \"\(prefix)\" is not declared: add it to the namespaces option or an @xmlns:\(prefix) member"
            )
        }
    }

    /// Ends the start tag before the first content.
    private mutating func openContent(_ isOpen: inout Bool) {
        if !isOpen {
            output.append(UInt8(ascii: ">"))
            isOpen = true
        }
    }

    private mutating func closeTag(_ name: String) {
        output.append(contentsOf: "</".utf8)
        output.append(contentsOf: name.utf8)
        output.append(UInt8(ascii: ">"))
    }

    /// Appends `text` with `<`, `>` and `&` escaped, and in attribute values (`quoted`) also `"`, tab
    /// and line feed; refuses characters that XML 1.0 cannot hold.
    private mutating func appendEscaped(_ text: String, quoted: Bool) throws(CodecError) {
        let plain = !text.utf8.contains { byte in
            byte < 0x20 || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
                || byte == UInt8(ascii: "\"") || byte == 0xEF
        }
        if plain {
            output.append(contentsOf: text.utf8)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": output.append(contentsOf: "&lt;".utf8)
            case ">": output.append(contentsOf: "&gt;".utf8)
            case "&": output.append(contentsOf: "&amp;".utf8)
            case "\"" where quoted: output.append(contentsOf: "&quot;".utf8)
            case "\t" where quoted: output.append(contentsOf: "&#9;".utf8)
            case "\n" where quoted: output.append(contentsOf: "&#10;".utf8)
            case "\r": output.append(contentsOf: "&#13;".utf8)
            case "\t", "\n":
                output.append(UInt8(scalar.value))
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}":
                throw error("the character U+\(XMLReader.hex(scalar.value)) cannot be written in XML")
            default:
                UTF8.encode(scalar) { output.append($0) }
            }
        }
    }
}
