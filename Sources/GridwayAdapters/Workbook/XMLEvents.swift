import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The elements and text of one XML part of a workbook, in document order, with namespace prefixes
/// left off names (`x:c` and `c` are both `c`, `r:id` is `id`). External entities are never resolved.
struct XMLEvents {
    enum Event: Equatable {
        case start(String, [String: String])
        case text(String)
        case end(String)
    }

    private(set) var events: [Event] = []

    /// Parses `data`.
    /// - Throws: ``WorkbookError`` naming `part` if the XML is not well-formed.
    init(_ data: Data, part: String) throws(WorkbookError) {
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        // swift-corelibs-foundation's parse() can return true after a fatal error: check the error too.
        guard parser.parse(), parser.parserError == nil else {
            throw WorkbookError("\(part) is not well-formed XML (line \(parser.lineNumber))")
        }
        events = collector.events
    }

    /// `name` without its namespace prefix.
    static func local(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var events: [Event] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            var local: [String: String] = [:]
            for (key, value) in attributes { local[XMLEvents.local(key)] = value }
            events.append(.start(XMLEvents.local(elementName), local))
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            events.append(.end(XMLEvents.local(elementName)))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            events.append(.text(string))
        }
    }
}
