import Foundation
import GridwayCore

/// A body format with its options, as a request or response section declares it:
///
/// ```yaml
/// format: xml                 # json (default), xml, form or csv
/// charset: gb18030            # utf-8 (default) or gb18030
/// xml: {root: "soap:Envelope", namespaces: {soap: "http://schemas.xmlsoap.org/soap/envelope/"}, arrayElements: [item]}
/// csv: {delimiter: ";", header: true}
/// ```
struct BodyCodec: Sendable {
    var format: BodyFormat
    var options: BodyFormatOptions

    static let json = BodyCodec(format: .json, options: BodyFormatOptions())

    /// The codec answers are read with unless the response section says `format:`: the request's for
    /// JSON and XML, JSON in the request's charset after a form, CSV or bodiless request.
    static func answer(to request: RequestTemplate?) -> BodyCodec {
        guard let request else { return .json }
        if request.body != nil, request.codec.format == .json || request.codec.format == .xml { return request.codec }
        return BodyCodec(format: .json, options: BodyFormatOptions(charset: request.codec.options.charset))
    }

    /// The keys this reads from a section.
    static let keys = ["format", "charset", "xml", "csv"]

    /// Reads the codec keys of `fields`, starting from `base` for keys that are absent.
    static func read(_ fields: Fields, _ context: ManifestContext, base: BodyCodec) -> BodyCodec {
        let reader = context.reader
        var codec = base
        if let node = fields["format"], let format = reader.choice(node, "format", BodyFormat.self) {
            codec.format = format
        }
        if let node = fields["charset"], let label = reader.string(node, "charset") {
            if let charset = Charset(label: label) {
                codec.options.charset = charset
            } else {
                reader.error("charset must be utf-8 or gb18030, not \"\(label)\"", at: node.position)
            }
        }
        if let node = fields["xml"],
            let xml = reader.mapping(node, "xml", allowed: ["root", "namespaces", "arrayElements"])
        {
            if codec.format != .xml { reader.warning("xml options apply only to format: xml", at: node.position) }
            if let root = xml["root"] { codec.options.root = reader.nonEmptyString(root, "xml root") }
            if let namespaces = xml["namespaces"] {
                for entry in reader.namedEntries(namespaces, "xml namespaces") {
                    if let uri = reader.string(entry.value, "namespace URI") {
                        codec.options.namespaces[entry.name] = uri
                    }
                }
            }
            if let names = xml["arrayElements"] {
                codec.options.arrayElements.formUnion(reader.stringList(names, "xml arrayElements").map(\.text))
            }
        }
        if let node = fields["csv"], let csv = reader.mapping(node, "csv", allowed: ["delimiter", "header"]) {
            if codec.format != .csv { reader.warning("csv options apply only to format: csv", at: node.position) }
            if let delimiterNode = csv["delimiter"], let text = reader.string(delimiterNode, "csv delimiter") {
                if text.count == 1, let character = text.first, let delimiter = CSVDelimiter(character) {
                    codec.options.delimiter = delimiter
                } else {
                    reader.error(
                        "a csv delimiter is one punctuation character or a tab, not \"\(text)\"",
                        at: delimiterNode.position)
                }
            }
            if let header = csv["header"].flatMap({ reader.bool($0, "csv header") }) { codec.options.header = header }
        }
        return codec
    }

    /// The codec a `Content-Type` names (JSON, XML, form or CSV, with its charset), or `nil`.
    static func forContentType(_ contentType: String) -> BodyCodec? {
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let media = parameters.first else { return nil }
        let format: BodyFormat
        switch media {
        case "application/json", "text/json": format = .json
        case "application/xml", "text/xml", "application/soap+xml": format = .xml
        case "application/x-www-form-urlencoded": format = .form
        case "text/csv": format = .csv
        default:
            if media.hasSuffix("+json") {
                format = .json
            } else if media.hasSuffix("+xml") {
                format = .xml
            } else {
                return nil
            }
        }
        var options = BodyFormatOptions()
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "charset",
                let charset = Charset(label: pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            {
                options.charset = charset
            }
            if pair[0] == "header" { options.header = pair[1] != "absent" }
        }
        return BodyCodec(format: format, options: options)
    }
}
