import GridwayCore
import GridwayJSON
import OrderedCollections

/// A strict, non-validating XML 1.0 reader with namespaces, building the JSON tree described on
/// ``BodyFormat/xml``.
///
/// It refuses any DOCTYPE, so no DTD is read, no external entity is fetched and no entity is expanded
/// (no XXE, no billion laughs); it knows only the five predefined entities and character references.
/// It also refuses what XML 1.0 and Namespaces in XML forbid: undeclared prefixes, duplicate
/// attributes, mismatched tags, `--` in comments, `]]>` in text, control characters. Elements nest at
/// most ``maxDepth`` deep, and the element stack is kept on the heap, not the call stack.
struct XMLReader {
    /// The deepest element nesting accepted.
    static let maxDepth = 256

    /// An element whose end tag has not been read yet.
    private struct Frame {
        /// The name as written, to match the end tag.
        let qualifiedName: String
        /// The member name it decodes to.
        let key: String
        /// How many namespace bindings were in scope before this element's own.
        let outerBindings: Int
        /// Attributes, text pieces and children so far, each name with its values in order.
        var members: OrderedDictionary<String, Slot>
        /// Whether a child element has started.
        var hasChildren = false
    }

    /// The values of one member name in an element: one, or several in document order.
    private enum Slot {
        case one(JSONValue)
        case many([JSONValue])

        /// Adds a value after the others, without copying them.
        mutating func append(_ value: JSONValue) {
            switch self {
            case .one(let first):
                self = .many([first, value])
            case .many(var values):
                self = .one(.null)
                values.append(value)
                self = .many(values)
            }
        }
    }

    private let text: DecodedText
    private let bytes: [UInt8]
    /// Configured prefix → URI.
    private let namespaces: [String: String]
    /// URI → configured prefix (the first in sorted order when several share a URI).
    private let prefixes: [String: String]
    private let arrayElements: Set<String>
    /// Whether a name in a namespace missing from the options decodes as `{uri}local` instead of failing.
    private let expandsUnknownNamespaces: Bool
    private var position = 0
    /// The namespace bindings in scope, innermost last.
    private var bindings: [(prefix: String, uri: String)] = [("xml", XMLName.xmlNamespace)]
    private var frames: [Frame] = []
    /// The text read since the innermost open element started or its last child ended.
    private var pendingText: [UInt8] = []

    /// Creates a reader of `text` with the namespace and array options of `options`. With
    /// `expandsUnknownNamespaces`, every name in a namespace the options do not list (all namespaced
    /// names when they list none) decodes in Clark notation, `{uri}local`, so no namespace is lost.
    init(text: DecodedText, options: BodyFormatOptions, expandsUnknownNamespaces: Bool = false) {
        self.text = text
        self.expandsUnknownNamespaces = expandsUnknownNamespaces
        self.bytes = text.utf8
        self.namespaces = options.namespaces
        var prefixes: [String: String] = [:]
        for (prefix, uri) in options.namespaces.sorted(by: { $0.key < $1.key }) where prefixes[uri] == nil {
            prefixes[uri] = prefix
        }
        self.prefixes = prefixes
        self.arrayElements = options.arrayElements
    }

    /// Reads the XML document `bytes` in the charset it declares, else that of `options`; see
    /// ``init(text:options:expandsUnknownNamespaces:)`` for `expandsUnknownNamespaces`.
    static func document(
        _ bytes: [UInt8], options: BodyFormatOptions, expandsUnknownNamespaces: Bool = false
    ) throws(CodecError) -> JSONValue {
        let charset = try declaredCharset(in: bytes) ?? options.charset
        let text = try DecodedText(bytes, charset: charset, format: .xml)
        var reader = XMLReader(text: text, options: options, expandsUnknownNamespaces: expandsUnknownNamespaces)
        return try reader.document()
    }

    /// The charset named by the `encoding` of an XML declaration at the start of `bytes`, if any.
    ///
    /// - Throws: ``CodecError`` if the declaration names an encoding other than UTF-8 or GB18030
    ///   (or GBK and GB 2312, read as GB18030).
    static func declaredCharset(in bytes: [UInt8]) throws(CodecError) -> Charset? {
        let head = bytes.prefix(256)
        guard head.starts(with: "<?xml".utf8), let end = offset(of: "?>", in: head),
            let encoding = offset(of: "encoding", in: head[..<end])
        else { return nil }
        var index = encoding + 8
        while index < end, head[index] != UInt8(ascii: "\"") && head[index] != UInt8(ascii: "'") {
            index += 1
        }
        guard index < end, let close = head[(index + 1)..<end].firstIndex(of: head[index]) else { return nil }
        let label = String(decoding: head[(index + 1)..<close], as: UTF8.self)
        guard let charset = Charset(label: label) else {
            throw CodecError(
                format: .xml, location: .text(offset: index, inUTF8: bytes),
                reason: "unsupported encoding \"\(label)\"; use UTF-8 or GB18030")
        }
        return charset
    }

    /// The offset of the first occurrence of `literal` in `bytes`.
    private static func offset(of literal: String, in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.indices.first { bytes[$0...].starts(with: literal.utf8) }
    }

    /// Reads the whole document into `{"<root>": …}`.
    mutating func document() throws(CodecError) -> JSONValue {
        if starts(with: "<?xml"), position + 5 < bytes.count,
            XMLReader.isWhitespace(bytes[position + 5]) || bytes[position + 5] == UInt8(ascii: "?")
        {
            try xmlDeclaration()
        }
        try skipMisc()
        guard position < bytes.count else { throw error("no root element") }
        guard bytes[position] == UInt8(ascii: "<") else { throw error("expected the root element") }
        let root = try rootElement()
        try skipMisc()
        guard position == bytes.count else { throw error("content after the root element") }
        return .object([root.key: root.value])
    }

    // MARK: Prolog

    private mutating func xmlDeclaration() throws(CodecError) {
        position += 5
        guard let version = try pseudoAttribute("version") else {
            throw error("the XML declaration needs a version")
        }
        guard version.value.hasPrefix("1."), version.value.count > 2,
            version.value.dropFirst(2).allSatisfy(\.isASCIIDigit)
        else {
            throw error("unsupported XML version \"\(version.value)\"", at: version.offset)
        }
        if let encoding = try pseudoAttribute("encoding"), Charset(label: encoding.value) != text.charset {
            throw error(
                "the declared encoding \"\(encoding.value)\" contradicts the body's \(text.charset.xmlName)",
                at: encoding.offset)
        }
        if let standalone = try pseudoAttribute("standalone"), standalone.value != "yes" && standalone.value != "no" {
            throw error("standalone must be \"yes\" or \"no\"", at: standalone.offset)
        }
        skipWhitespace()
        guard starts(with: "?>") else { throw error("expected '?>' to end the XML declaration") }
        position += 2
    }

    /// Reads ` name="value"` in the XML declaration if it comes next: the value and the offset of its
    /// opening quote.
    private mutating func pseudoAttribute(_ name: String) throws(CodecError) -> (value: String, offset: Int)? {
        let saved = position
        guard skipWhitespace(), starts(with: name) else {
            position = saved
            return nil
        }
        position += name.utf8.count
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
            throw error("expected '=' after \(name)")
        }
        position += 1
        skipWhitespace()
        let offset = position
        return (try attributeValue(), offset)
    }

    /// Skips whitespace, comments and processing instructions outside the root element.
    private mutating func skipMisc() throws(CodecError) {
        while true {
            skipWhitespace()
            if starts(with: "<!--") {
                try comment()
            } else if starts(with: "<?") {
                try processingInstruction()
            } else if starts(with: "<!DOCTYPE") {
                throw error("a DOCTYPE is not allowed: DTDs, entity declarations and external entities are refused")
            } else {
                return
            }
        }
    }

    // MARK: Elements

    /// Reads the root element and everything in it.
    private mutating func rootElement() throws(CodecError) -> (key: String, value: JSONValue) {
        if let empty = try startTag() { return empty }
        while !frames.isEmpty {
            guard position < bytes.count else {
                let name = frames[frames.count - 1].qualifiedName
                throw error("end of input inside <\(name)>; expected </\(name)>")
            }
            switch bytes[position] {
            case UInt8(ascii: "<"):
                if starts(with: "</") {
                    if let root = try endTag() { return root }
                } else if starts(with: "<!--") {
                    try comment()
                } else if starts(with: "<![CDATA[") {
                    try cdata()
                } else if starts(with: "<?") {
                    try processingInstruction()
                } else if starts(with: "<!") {
                    throw error("markup declarations are not allowed inside an element")
                } else {
                    if let piece = takeTextPiece() {
                        XMLReader.add("#text", piece, to: &frames[frames.count - 1].members)
                    }
                    frames[frames.count - 1].hasChildren = true
                    if let child = try startTag() { addChild(child) }
                }
            case UInt8(ascii: "&"):
                UTF8.encode(try reference()) { pendingText.append($0) }
            default:
                try characterData()
            }
        }
        throw error("no root element")
    }

    /// Reads a start tag; returns the element if it is empty (`<x/>`), else opens it.
    private mutating func startTag() throws(CodecError) -> (key: String, value: JSONValue)? {
        let start = position
        position += 1
        let nameOffset = position
        let name = try self.name(of: "an element")
        var attributes: [(name: String, value: String, offset: Int)] = []
        var isEmpty = false
        while true {
            let spaced = skipWhitespace()
            guard position < bytes.count else { throw error("end of input inside the start tag of <\(name)>") }
            if bytes[position] == UInt8(ascii: ">") {
                position += 1
                break
            }
            if starts(with: "/>") {
                position += 2
                isEmpty = true
                break
            }
            guard spaced else { throw error("expected whitespace, '>' or '/>' in the start tag of <\(name)>") }
            let offset = position
            let attribute = try self.name(of: "an attribute")
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                throw error("expected '=' after the attribute name \(attribute)")
            }
            position += 1
            skipWhitespace()
            let value = try attributeValue()
            guard !attributes.contains(where: { $0.name == attribute }) else {
                throw error("duplicate attribute \(attribute)", at: offset)
            }
            attributes.append((attribute, value, offset))
        }
        guard frames.count < XMLReader.maxDepth else {
            throw error("elements nest deeper than \(XMLReader.maxDepth)", at: start)
        }
        let outerBindings = bindings.count
        for attribute in attributes where attribute.name == "xmlns" || attribute.name.hasPrefix("xmlns:") {
            try bind(attribute.name, to: attribute.value, at: attribute.offset)
        }
        let key = try resolve(name, isAttribute: false, at: nameOffset)
        var members: OrderedDictionary<String, Slot> = [:]
        for attribute in attributes where attribute.name != "xmlns" && !attribute.name.hasPrefix("xmlns:") {
            let attributeKey = "@" + (try resolve(attribute.name, isAttribute: true, at: attribute.offset))
            guard members[attributeKey] == nil else {
                throw error("duplicate attribute \(attribute.name) after namespace processing", at: attribute.offset)
            }
            members[attributeKey] = .one(.string(attribute.value))
        }
        let frame = Frame(qualifiedName: name, key: key, outerBindings: outerBindings, members: members)
        if isEmpty { return close(frame) }
        frames.append(frame)
        return nil
    }

    /// Reads an end tag and closes the innermost element; returns it if it is the root.
    private mutating func endTag() throws(CodecError) -> (key: String, value: JSONValue)? {
        let start = position
        position += 2
        let name = try self.name(of: "an end tag")
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
            throw error("expected '>' to end </\(name)>")
        }
        position += 1
        let frame = frames.removeLast()
        guard name == frame.qualifiedName else {
            throw error("mismatched end tag </\(name)>; expected </\(frame.qualifiedName)>", at: start)
        }
        let element = close(frame)
        if frames.isEmpty { return element }
        addChild(element)
        return nil
    }

    /// The member for a finished element, leaving its namespace scope.
    private mutating func close(_ frame: Frame) -> (key: String, value: JSONValue) {
        bindings.removeSubrange(frame.outerBindings...)
        var members = frame.members
        if frame.hasChildren {
            if let piece = takeTextPiece() { XMLReader.add("#text", piece, to: &members) }
        } else {
            let string = String(decoding: pendingText, as: UTF8.self)
            pendingText.removeAll(keepingCapacity: true)
            if members.isEmpty { return (frame.key, .string(string)) }
            if !string.isEmpty { members["#text"] = .one(.string(string)) }
        }
        var object: OrderedDictionary<String, JSONValue> = [:]
        object.reserveCapacity(members.count)
        for (key, slot) in members {
            switch slot {
            case .one(let value):
                object[key] = arrayElements.contains(key) ? .array([value]) : value
            case .many(let values) where key == "#text":
                object[key] = .string(values.compactMap(\.codecText).joined())
            case .many(let values):
                object[key] = .array(values)
            }
        }
        return (frame.key, .object(object))
    }

    private mutating func addChild(_ child: (key: String, value: JSONValue)) {
        XMLReader.add(child.key, child.value, to: &frames[frames.count - 1].members)
    }

    /// Adds a value to the member `key`.
    private static func add(_ key: String, _ value: JSONValue, to members: inout OrderedDictionary<String, Slot>) {
        if let index = members.index(forKey: key) {
            members.values[index].append(value)
        } else {
            members[key] = .one(value)
        }
    }

    /// Takes the pending text as a piece of `#text`, or `nil` when it is only whitespace.
    private mutating func takeTextPiece() -> JSONValue? {
        defer { pendingText.removeAll(keepingCapacity: true) }
        return pendingText.allSatisfy(XMLReader.isWhitespace)
            ? nil : .string(String(decoding: pendingText, as: UTF8.self))
    }

    // MARK: Namespaces

    /// Records the declaration `xmlns` or `xmlns:prefix` = `uri`.
    private mutating func bind(_ attribute: String, to uri: String, at offset: Int) throws(CodecError) {
        let prefix = attribute == "xmlns" ? "" : String(XMLName.localPart(of: attribute))
        guard XMLName.isQualifiedName(attribute) else {
            throw error("\"\(attribute)\" is not a valid namespace declaration", at: offset)
        }
        guard prefix != "xmlns", prefix == "xml" || uri != XMLName.xmlNamespace,
            prefix != "xml" || uri == XMLName.xmlNamespace
        else {
            throw error("the prefixes xml and xmlns cannot be rebound", at: offset)
        }
        guard !uri.isEmpty || prefix.isEmpty else {
            throw error("the prefix \(prefix) cannot be bound to an empty namespace", at: offset)
        }
        bindings.append((prefix, uri))
    }

    /// The member name for an element or attribute name: as written without a namespaces option,
    /// else with its prefix replaced by the configured prefix of its namespace.
    private func resolve(_ name: String, isAttribute: Bool, at offset: Int) throws(CodecError) -> String {
        guard XMLName.isQualifiedName(name) else {
            throw error("\"\(name)\" is not a qualified name (at most one ':', not at either end)", at: offset)
        }
        let prefix = XMLName.prefix(of: name)
        let local = XMLName.localPart(of: name)
        if prefix == "xmlns" {
            throw error("the prefix xmlns is reserved for namespace declarations", at: offset)
        }
        if prefix.isEmpty && isAttribute { return name }
        let uri = bindings.last { $0.prefix == prefix }?.uri
        if uri == nil && !prefix.isEmpty {
            throw error("undeclared namespace prefix \"\(prefix)\"", at: offset)
        }
        if namespaces.isEmpty && !expandsUnknownNamespaces { return name }
        guard let uri, !uri.isEmpty else { return String(local) }
        if uri == XMLName.xmlNamespace { return "xml:" + local }
        guard let configured = prefixes[uri] else {
            if expandsUnknownNamespaces { return "{\(uri)}\(local)" }
            throw error(
                "namespace \"\(uri)\" (prefix \"\(prefix)\") is not in the namespaces option", at: offset)
        }
        return configured.isEmpty ? String(local) : configured + ":" + local
    }

    // MARK: Text

    /// Reads text up to the next `<` or `&` into the pending text, turning line ends into line feeds.
    private mutating func characterData() throws(CodecError) {
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: "&"):
                return
            case UInt8(ascii: "]") where starts(with: "]]>"):
                throw error("']]>' is not allowed in text")
            case 0x0D:
                pendingText.append(0x0A)
                position += 1
                if position < bytes.count && bytes[position] == 0x0A { position += 1 }
            default:
                try checkCharacter()
                pendingText.append(byte)
                position += 1
            }
        }
    }

    private mutating func cdata() throws(CodecError) {
        let start = position
        position += 9
        while !starts(with: "]]>") {
            guard position < bytes.count else { throw error("unterminated CDATA section", at: start) }
            let byte = bytes[position]
            try checkCharacter()
            position += 1
            if byte == 0x0D {
                pendingText.append(0x0A)
                if position < bytes.count && bytes[position] == 0x0A { position += 1 }
            } else {
                pendingText.append(byte)
            }
        }
        position += 3
    }

    /// Reads a quoted attribute value, expanding references and normalizing whitespace to spaces.
    private mutating func attributeValue() throws(CodecError) -> String {
        let start = position
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'")
        else { throw error("expected a quoted value") }
        let quote = bytes[position]
        position += 1
        var value: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("unterminated attribute value", at: start) }
            let byte = bytes[position]
            switch byte {
            case quote:
                position += 1
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "<"):
                throw error("'<' is not allowed in an attribute value")
            case UInt8(ascii: "&"):
                UTF8.encode(try reference()) { value.append($0) }
            case 0x09, 0x0A, 0x0D:
                value.append(0x20)
                position += 1
                if byte == 0x0D && position < bytes.count && bytes[position] == 0x0A { position += 1 }
            default:
                try checkCharacter()
                value.append(byte)
                position += 1
            }
        }
    }

    /// Reads `&name;` or `&#…;` and returns the character it stands for.
    private mutating func reference() throws(CodecError) -> Unicode.Scalar {
        let start = position
        position += 1
        if position < bytes.count && bytes[position] == UInt8(ascii: "#") {
            position += 1
            var radix: UInt32 = 10
            if position < bytes.count && bytes[position] == UInt8(ascii: "x") {
                radix = 16
                position += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while position < bytes.count, let digit = XMLReader.digit(bytes[position], radix: radix) {
                value = value * radix + digit
                guard value <= 0x10FFFF else { throw error("character reference out of range", at: start) }
                digits += 1
                position += 1
            }
            guard digits > 0, position < bytes.count, bytes[position] == UInt8(ascii: ";") else {
                throw error("malformed character reference", at: start)
            }
            position += 1
            guard let scalar = Unicode.Scalar(value), XMLReader.isCharacter(scalar) else {
                throw error("character reference to U+\(XMLReader.hex(value)), which XML does not allow", at: start)
            }
            return scalar
        }
        let name = try self.name(of: "an entity reference")
        guard position < bytes.count, bytes[position] == UInt8(ascii: ";") else {
            throw error("expected ';' after &\(name)")
        }
        position += 1
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "apos": return "'"
        case "quot": return "\""
        default:
            throw error(
                "undefined entity &\(name); (only lt, gt, amp, apos and quot are known; DTDs are refused)",
                at: start)
        }
    }

    // MARK: Comments and processing instructions

    private mutating func comment() throws(CodecError) {
        let start = position
        position += 4
        while !starts(with: "--") {
            guard position < bytes.count else { throw error("unterminated comment", at: start) }
            try checkCharacter()
            position += 1
        }
        guard starts(with: "-->") else { throw error("'--' is not allowed inside a comment") }
        position += 3
    }

    private mutating func processingInstruction() throws(CodecError) {
        let start = position
        position += 2
        let target = try name(of: "a processing instruction")
        guard target.lowercased() != "xml" else {
            throw error("an XML declaration is only allowed at the very start of the document", at: start)
        }
        if !starts(with: "?>") {
            guard skipWhitespace() else { throw error("expected whitespace after the processing instruction target") }
        }
        while !starts(with: "?>") {
            guard position < bytes.count else { throw error("unterminated processing instruction", at: start) }
            try checkCharacter()
            position += 1
        }
        position += 2
    }

    // MARK: Lexical helpers

    /// Reads an XML name (colons allowed; qualified-name rules are checked when it is resolved).
    private mutating func name(of what: String) throws(CodecError) -> String {
        let start = position
        guard let (first, length) = scalar(at: position), first == ":" || XMLName.isNameStart(first) else {
            throw error("expected the name of \(what)")
        }
        position += length
        while let (next, length) = scalar(at: position), next == ":" || XMLName.isNameChar(next) {
            position += length
        }
        return text.string(start..<position)
    }

    /// The scalar starting at `index` (the text is valid UTF-8) and its length in bytes.
    private func scalar(at index: Int) -> (Unicode.Scalar, Int)? {
        guard index < bytes.count else { return nil }
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (0x7F >> length)
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// Refuses the byte at the position if it starts a character XML does not allow: a control
    /// character other than tab, line feed and carriage return, or U+FFFE and U+FFFF.
    private func checkCharacter() throws(CodecError) {
        let byte = bytes[position]
        if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            throw error("the control character U+\(XMLReader.hex(UInt32(byte))) is not allowed in XML")
        }
        if byte == 0xEF, let (scalar, _) = scalar(at: position), scalar == "\u{FFFE}" || scalar == "\u{FFFF}" {
            throw error("the character U+\(XMLReader.hex(scalar.value)) is not allowed in XML")
        }
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = position
        while position < bytes.count && XMLReader.isWhitespace(bytes[position]) { position += 1 }
        return position > start
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func starts(with literal: String) -> Bool {
        bytes[position...].starts(with: literal.utf8)
    }

    private func error(_ reason: String, at offset: Int? = nil) -> CodecError {
        text.error(reason, at: offset ?? position)
    }

    /// Whether XML 1.0 allows `scalar` as a character.
    private static func isCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func digit(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `value` in upper-case hexadecimal, at least four digits, for `U+` notation.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Character {
    /// Whether the character is an ASCII digit.
    fileprivate var isASCIIDigit: Bool {
        isASCII && isWholeNumber
    }
}
