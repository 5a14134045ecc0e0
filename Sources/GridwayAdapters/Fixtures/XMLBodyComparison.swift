import GridwayCore
import GridwayJSON
import OrderedCollections

/// Compares an XML request body with a fixture's expected value by expanded names (namespace URI and
/// local name): a prefix-only difference passes, and a name in another namespace is reported naming
/// both URIs.
///
/// Both sides are brought to one spelling before comparing: a name in a namespace the fixture declares
/// is written with the fixture's prefix for it (the first in sorted order when several share a URI), a
/// name in another namespace as `{uri}local`, a name in no namespace as its local name.
struct XMLBodyComparison {
    /// The fixture's prefix → URI map.
    private let namespaces: [String: String]
    /// URI → the prefix names in it are spelled with.
    private let prefixes: [String: String]

    /// A comparison for a fixture whose expected body declares `namespaces` (prefix → URI).
    init(namespaces: [String: String]) {
        self.namespaces = namespaces
        var prefixes: [String: String] = [:]
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) where prefixes[uri] == nil {
            prefixes[uri] = prefix
        }
        self.prefixes = prefixes
    }

    /// The differences between `expected` and the XML document `body`, at paths under `path`.
    func differences(expected: JSONValue, body: [UInt8], options: BodyFormatOptions, at path: String)
        -> [FixtureMismatch]
    {
        var found: [FixtureMismatch] = []
        let wanted = spelled(expected, at: path, problems: &found)
        guard found.isEmpty else { return found }
        var decodeOptions = options
        decodeOptions.namespaces = namespaces
        decodeOptions.arrayElements = []
        var actual: JSONValue
        do {
            actual = try XMLReader.document(body, options: decodeOptions, expandsUnknownNamespaces: true)
        } catch {
            return [
                FixtureMismatch(
                    path: path, expected: JSONDiff.shown(expected), actual: "a body that is not xml (\(error))")
            ]
        }
        found += alignNamespaces(of: &actual, to: wanted, at: path, within: nil)
        return found + JSONDiff.differences(expected: wanted, actual: actual, at: path, loose: true)
    }

    /// `value` with every element and attribute name respelled as described on the type; a prefix the
    /// fixture does not declare is a problem.
    private func spelled(_ value: JSONValue, at path: String, problems: inout [FixtureMismatch]) -> JSONValue {
        switch value {
        case .object(let members):
            var respelled: [(String, JSONValue)] = []
            for (key, member) in members {
                let child = JSONDiff.member(path, key)
                guard let name = spelled(key) else {
                    problems.append(
                        FixtureMismatch(
                            path: child,
                            expected: "the prefix \"\(XMLName.prefix(of: Self.name(key)))\" declared in namespaces:",
                            actual: "an undeclared prefix"))
                    continue
                }
                respelled.append((name, spelled(member, at: child, problems: &problems)))
            }
            return .object(.init(respelled, uniquingKeysWith: { first, _ in first }))
        case .array(let items):
            return .array(items.enumerated().map { spelled($1, at: "\(path)[\($0)]", problems: &problems) })
        default:
            return value
        }
    }

    /// A member name respelled, or `nil` if its prefix is not declared.
    private func spelled(_ key: String) -> String? {
        let isAttribute = key.hasPrefix("@")
        let name = Self.name(key)
        guard key != "#text", XMLName.isQualifiedName(name) else { return key }
        let prefix = String(XMLName.prefix(of: name))
        let local = XMLName.localPart(of: name)
        if prefix.isEmpty && isAttribute { return key }
        let uri: String?
        if prefix == "xml" {
            uri = XMLName.xmlNamespace
        } else if let declared = namespaces[prefix] {
            uri = declared
        } else if prefix.isEmpty {
            uri = nil
        } else {
            return nil
        }
        let spelled: String
        if let uri, !uri.isEmpty, uri != XMLName.xmlNamespace, let shown = prefixes[uri] {
            spelled = shown.isEmpty ? String(local) : shown + ":" + local
        } else if uri == XMLName.xmlNamespace {
            spelled = "xml:" + local
        } else {
            spelled = String(local)
        }
        return isAttribute ? "@" + spelled : spelled
    }

    /// Renames, in `actual`, each member whose local name matches an expected member that `actual`
    /// lacks, reporting the two namespaces, so that the contents are compared under one name. A
    /// member whose namespaces differ as those of the element it is in (`within`) is not reported
    /// again: one line says where a wrong namespace starts.
    private func alignNamespaces(
        of actual: inout JSONValue, to expected: JSONValue, at path: String, within: FixtureMismatch?
    ) -> [FixtureMismatch] {
        var found: [FixtureMismatch] = []
        switch (expected, actual) {
        case (.object(let want), .object(var got)):
            var mismatches: [String: FixtureMismatch] = [:]
            for key in want.keys where got[key] == nil {
                guard
                    let other = got.keys.first(where: { want[$0] == nil && Self.sameLocalName($0, key) }),
                    let value = got.removeValue(forKey: other)
                else { continue }
                let mismatch = FixtureMismatch(
                    path: JSONDiff.member(path, key) + " namespace", expected: namespace(of: key),
                    actual: namespace(of: other))
                if mismatch.expected != within?.expected || mismatch.actual != within?.actual {
                    found.append(mismatch)
                }
                mismatches[key] = mismatch
                got[key] = value
            }
            for (key, value) in want {
                guard var member = got[key] else { continue }
                found += alignNamespaces(
                    of: &member, to: value, at: JSONDiff.member(path, key), within: mismatches[key])
                got[key] = member
            }
            actual = .object(got)
        case (.array(let want), .array(var got)):
            for index in got.indices where index < want.count {
                found += alignNamespaces(of: &got[index], to: want[index], at: "\(path)[\(index)]", within: within)
            }
            actual = .array(got)
        default:
            break
        }
        return found
    }

    /// The namespace of a respelled member name, as a report shows it.
    private func namespace(of key: String) -> String {
        let name = Self.name(key)
        if name.hasPrefix("{"), let close = name.firstIndex(of: "}") {
            return JSONDiff.shown(.string(String(name[name.index(after: name.startIndex)..<close])))
        }
        let prefix = String(XMLName.prefix(of: name))
        if prefix == "xml" { return JSONDiff.shown(.string(XMLName.xmlNamespace)) }
        if let uri = namespaces[prefix], !(prefix.isEmpty && key.hasPrefix("@")) {
            return JSONDiff.shown(.string(uri))
        }
        return "no namespace"
    }

    /// Whether two respelled member names are both elements or both attributes with one local name.
    private static func sameLocalName(_ first: String, _ second: String) -> Bool {
        first.hasPrefix("@") == second.hasPrefix("@") && first != "#text" && second != "#text"
            && localName(first) == localName(second)
    }

    /// The local part of a respelled member name.
    private static func localName(_ key: String) -> Substring {
        let name = Self.name(key)
        if name.hasPrefix("{"), let close = name.firstIndex(of: "}") { return name[name.index(after: close)...] }
        return XMLName.localPart(of: name)
    }

    /// A member name without the `@` of an attribute.
    private static func name(_ key: String) -> String {
        key.hasPrefix("@") ? String(key.dropFirst()) : key
    }
}
