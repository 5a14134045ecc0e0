import GridwayJSON

/// The wire format of a body that an adapter sends or receives, with its codec between the bytes and a
/// ``GridwayJSON/JSONValue`` tree (``encode(_:options:)``, ``decode(_:options:)``).
///
/// In JSON and YAML a format is written `json`, `xml`, `form` or `csv`. The charset of every format is
/// ``BodyFormatOptions/charset`` (UTF-8 or GB18030).
public enum BodyFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// JSON (RFC 8259), read strictly: no duplicate keys, nesting at most 256 deep.
    case json
    /// XML 1.0 with namespaces, mapped to JSON by this convention:
    ///
    /// - A document is an object with one member, the root element: `{"soap:Envelope": …}`. When
    ///   encoding, ``BodyFormatOptions/root`` names a root element that wraps the whole value instead.
    /// - An object's members named `@name` become the element's attributes; the others become, in
    ///   member order, its text (the member `#text`) and its child elements. A member whose value is
    ///   an array becomes one element per item, all of that name; an empty array writes none.
    /// - Scalars are written as their text: strings as they are, numbers and booleans as their JSON
    ///   text. `null` writes an empty element `<x/>`; a `null` attribute or `#text` writes nothing.
    /// - Names are qualified names such as `soap:Body`; `@xmlns` and `@xmlns:p` members declare
    ///   namespaces, as do ``BodyFormatOptions/namespaces`` on the root element. A prefix that nothing
    ///   declares is an error.
    /// - Decoding gives strings only (XML has no types): an element with neither attributes nor child
    ///   elements decodes to its text, `""` when empty (so `<x/>` and `<x></x>` both read as `""`);
    ///   otherwise to an object of its attributes (`@name`, in document order), its child elements
    ///   (grouped by name: a repeated name, or one listed in ``BodyFormatOptions/arrayElements``, gives
    ///   an array) and, if it has any text that is not only whitespace, `#text` (the text pieces
    ///   joined). Whitespace-only text between elements is ignored. Namespace declarations are not
    ///   reported as attributes.
    /// - The reader is strict: a DOCTYPE is refused (so no DTD, no external entity, no entity
    ///   expansion), only the five predefined entities and character references are known, and
    ///   elements nest at most 256 deep. Comments and processing instructions are skipped.
    case xml
    /// `application/x-www-form-urlencoded` by the WHATWG URL Standard: an object of scalars, written as
    /// `name=value` pairs joined by `&`, the charset's bytes percent-encoded and spaces as `+`.
    ///
    /// An array member becomes repeated pairs of its name; `null` writes `name=`; a nested object (or
    /// an array inside an array) is an error at its JSON Pointer, to be flattened by the mapping.
    /// Decoding gives an object of strings, with repeated names as arrays of strings.
    case form
    /// CSV by RFC 4180 with a configurable delimiter, records ended by CRLF when writing and by CRLF,
    /// LF or CR when reading.
    ///
    /// Encoding takes an array of objects (the header is the union of their keys, in first-seen order;
    /// a missing key or `null` is an empty field), a single object (one row), or an array of arrays
    /// of scalars, written as they are. A nested value in a cell is an error at its pointer. Decoding
    /// gives an array of objects of strings with ``BodyFormatOptions/header`` (the default), or an array
    /// of arrays of strings without; every record must have as many fields as the first, empty lines
    /// are skipped and a UTF-8 byte-order mark is ignored.
    case csv

    /// The `Content-Type` of a body in this format, e.g. `application/xml; charset=utf-8`, or
    /// `text/csv; charset=gb18030; header=absent`.
    public func contentType(options: BodyFormatOptions = BodyFormatOptions()) -> String {
        let charset = "charset=\(options.charset.rawValue)"
        switch self {
        case .json: return "application/json; \(charset)"
        case .xml: return "application/xml; \(charset)"
        case .form: return "application/x-www-form-urlencoded; \(charset)"
        case .csv: return "text/csv; \(charset); header=\(options.header ? "present" : "absent")"
        }
    }
}
