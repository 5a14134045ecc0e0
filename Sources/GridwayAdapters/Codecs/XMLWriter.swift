import GridwayCore

/// Writes a JSON tree as an XML document by the convention described on ``BodyFormat/xml``.
struct XMLWriter {
    /// The deepest element nesting written.
    static let maxDepth = 256

    private var output: [UInt8] = []
    /// The namespace prefixes declared by the open elements, outermost first (`""` for the default).
    private var declared: [String] = []

    /// The UTF-8 document for `value`, starting with an XML declaration naming the charset.
    static func document(_ value: JSONValue, options: BodyFormatOptions) throws(CodecError) -> [UInt8] {
        var writer = XMLWriter()
        writer.output.reserveCapacity(1024)
        writer.output.append(contentsOf: "<?xml version=\"1.0\" encoding=\"\(options.charset.xmlName)\"?>".utf8)
        let declarations = try namespaceDeclarations(options.namespaces)
        if let root = options.root {
            try writer.element(root, value, at: .root, depth: 1, declaring: declarations)
            return writer.output
        }
        guard case .object(let members) = value, members.count == 1, let name = members.keys.first,
            let content = members.values.first, !name.hasPrefix("@"), !name.hasPrefix("#")
        else {
            throw error(
                "an XML document has one root element: give an object with a single element member, or set the root option",
                at: .root)
        }
        let pointer = JSONPointer.root.appending(name)
        if case .array = content {
            throw error("the root element cannot repeat: an XML document has exactly one", at: pointer)
        }
        try writer.element(name, content, at: pointer, depth: 1, declaring: declarations)
        return writer.output
    }

    /// The namespaces option as declarations sorted by prefix, checked.
    private static func namespaceDeclarations(_ namespaces: [String: String]) throws(CodecError) -> [(
        prefix: String, uri: String
    )] {
        let sorted = namespaces.sorted { $0.key < $1.key }
        for (prefix, uri) in sorted {
            let reserved = prefix == "xmlns" || (prefix == "xml" && uri != XMLName.xmlNamespace)
            guard prefix.isEmpty || (XMLName.isQualifiedName(prefix) && !prefix.contains(":") && !reserved) else {
                throw error("the namespaces option has an invalid prefix \"\(prefix)\"", at: .root)
            }
            guard !uri.isEmpty || prefix.isEmpty else {
                throw error("the namespaces option gives prefix \"\(prefix)\" an empty URI", at: .root)
            }
        }
        return sorted.map { (prefix: $0.key, uri: $0.value) }
    }

    private static func error(_ reason: String, at pointer: JSONPointer) -> CodecError {
        CodecError(format: .xml, location: .value(pointer), reason: reason)
    }

    /// Writes the element `name` holding `value`, with the given namespace declarations first.
    private mutating func element(
        _ name: String, _ value: JSONValue, at pointer: JSONPointer, depth: Int,
        declaring declarations: [(prefix: String, uri: String)]
    ) throws(CodecError) {
        guard depth <= XMLWriter.maxDepth else {
            throw XMLWriter.error("elements nest deeper than \(XMLWriter.maxDepth)", at: pointer)
        }
        guard XMLName.isQualifiedName(name) else {
            throw XMLWriter.error("\"\(name)\" is not an XML element name", at: pointer)
        }
        let scope = declared.count
        defer { declared.removeSubrange(scope...) }
        declared.append(contentsOf: declarations.map(\.prefix))

        var attributes: [(name: String, text: String, pointer: JSONPointer)] = []
        var content: [(key: String, value: JSONValue)] = []
        switch value {
        case .object(let members):
            for (key, member) in members {
                if key.hasPrefix("@") {
                    if let attribute = try attribute(key, member, at: pointer.appending(key)) {
                        attributes.append(attribute)
                    }
                } else {
                    content.append((key, member))
                }
            }
        case .array:
            throw XMLWriter.error("an array needs a member name to be written as XML elements", at: pointer)
        case .null:
            break
        case .bool, .integer, .number, .string:
            content.append(("#text", value))
        }
        let optionPrefixes = declarations.map(\.prefix)
        for attribute in attributes {
            if attribute.name == "xmlns" || attribute.name.hasPrefix("xmlns:") {
                let prefix = attribute.name == "xmlns" ? "" : XMLName.split(attribute.name).local
                if optionPrefixes.contains(prefix) {
                    throw XMLWriter.error(
                        "namespace prefix \"\(prefix)\" is declared both here and in the namespaces option",
                        at: attribute.pointer)
                }
            } else {
                try checkPrefix(of: attribute.name, at: attribute.pointer)
            }
        }
        try checkPrefix(of: name, at: pointer)

        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: name.utf8)
        for declaration in declarations {
            output.append(contentsOf: (declaration.prefix.isEmpty ? " xmlns=\"" : " xmlns:\(declaration.prefix)=\"").utf8)
            try appendEscaped(declaration.uri, quoted: true, at: .root)
            output.append(UInt8(ascii: "\""))
        }
        for attribute in attributes {
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: attribute.name.utf8)
            output.append(contentsOf: "=\"".utf8)
            try appendEscaped(attribute.text, quoted: true, at: attribute.pointer)
            output.append(UInt8(ascii: "\""))
        }
        var isOpen = false
        for (key, member) in content {
            let memberPointer = value.isObject ? pointer.appending(key) : pointer
            if key == "#text" {
                guard case .null = member else {
                    guard let text = member.codecText else {
                        throw XMLWriter.error("#text must be a scalar, not \(member.kindDescription)", at: memberPointer)
                    }
                    openContent(&isOpen)
                    try appendEscaped(text, quoted: false, at: memberPointer)
                    continue
                }
            } else if key.hasPrefix("#") {
                throw XMLWriter.error(
                    "\"\(key)\" is not an element name; the only #-member is #text", at: memberPointer)
            } else if case .array(let items) = member {
                for (index, item) in items.enumerated() {
                    let itemPointer = memberPointer.appending(index: index)
                    if case .array = item {
                        throw XMLWriter.error("an array inside an array cannot be written as XML", at: itemPointer)
                    }
                    openContent(&isOpen)
                    try element(key, item, at: itemPointer, depth: depth + 1, declaring: [])
                }
            } else {
                openContent(&isOpen)
                try element(key, member, at: memberPointer, depth: depth + 1, declaring: [])
            }
        }
        if isOpen {
            output.append(contentsOf: "</".utf8)
            output.append(contentsOf: name.utf8)
            output.append(UInt8(ascii: ">"))
        } else {
            output.append(contentsOf: "/>".utf8)
        }
    }

    /// The attribute for the member `key` (`@name`), or `nil` when its value is `null`; records a
    /// namespace declaration in scope.
    private mutating func attribute(_ key: String, _ value: JSONValue, at pointer: JSONPointer) throws(CodecError)
        -> (name: String, text: String, pointer: JSONPointer)?
    {
        let name = String(key.dropFirst())
        guard XMLName.isQualifiedName(name) else {
            throw XMLWriter.error("\"\(name)\" is not an XML attribute name", at: pointer)
        }
        if case .null = value { return nil }
        guard let text = value.codecText else {
            throw XMLWriter.error("an attribute must be a scalar, not \(value.kindDescription)", at: pointer)
        }
        if name == "xmlns" {
            declared.append("")
        } else if name.hasPrefix("xmlns:") {
            guard !text.isEmpty else {
                throw XMLWriter.error("a namespace prefix cannot be bound to an empty URI", at: pointer)
            }
            declared.append(XMLName.split(name).local)
        }
        return (name, text, pointer)
    }

    /// Checks that the prefix of `name`, if any, is declared.
    private func checkPrefix(of name: String, at pointer: JSONPointer) throws(CodecError) {
        let prefix = XMLName.split(name).prefix
        guard !prefix.isEmpty, prefix != "xml" else { return }
        guard prefix != "xmlns" else {
            throw XMLWriter.error("the prefix xmlns is reserved for namespace declarations", at: pointer)
        }
        guard declared.contains(prefix) else {
            throw XMLWriter.error(
                "namespace prefix \"\(prefix)\" is not declared: add it to the namespaces option or an @xmlns:\(prefix) member",
                at: pointer)
        }
    }

    /// Ends the start tag before the first content.
    private mutating func openContent(_ isOpen: inout Bool) {
        if !isOpen {
            output.append(UInt8(ascii: ">"))
            isOpen = true
        }
    }

    /// Appends `text` with `<`, `>` and `&` escaped, and in attribute values (`quoted`) also `"`, tab
    /// and line feed; refuses characters that XML 1.0 cannot hold.
    private mutating func appendEscaped(_ text: String, quoted: Bool, at pointer: JSONPointer) throws(CodecError) {
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
                throw XMLWriter.error(
                    "the character U+\(XMLReader.hex(scalar.value)) cannot be written in XML", at: pointer)
            default:
                UTF8.encode(scalar) { output.append($0) }
            }
        }
    }
}

extension JSONValue {
    /// Whether the value is an object.
    fileprivate var isObject: Bool {
        if case .object = self { true } else { false }
    }
}
