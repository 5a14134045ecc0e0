/// Schema documents known by URI, used to resolve references to other documents.
///
/// Resolution never touches the network: a reference to a URI that is not registered (and not
/// embedded in the schema being compiled) is a compile error. The official 2020-12 meta-schemas
/// are registered by default.
public struct JSONSchemaRegistry: Sendable {
    private var documents: [String: JSONValue]

    /// Creates a registry, by default holding the 2020-12 meta-schemas.
    public init(includingMetaSchemas: Bool = true) {
        documents = includingMetaSchemas ? JSONSchemaMetaSchemas.documents : [:]
    }

    /// Registers `document` under `uri` (an absolute URI; an empty fragment is ignored),
    /// replacing any document registered there before.
    public mutating func register(_ document: JSONValue, uri: String) {
        documents[Self.normalize(uri)] = document
    }

    /// Registers `document` under its own top-level `$id`.
    /// - Throws: ``JSONSchemaCompileError`` if the document has no string `$id`.
    public mutating func register(_ document: JSONValue) throws(JSONSchemaCompileError) {
        guard let id = document["$id"]?.stringValue else {
            throw JSONSchemaCompileError(location: "#", reason: "a registered schema needs a top-level \"$id\"")
        }
        register(document, uri: id)
    }

    /// The document registered under `uri`, if any.
    public func document(for uri: String) -> JSONValue? {
        documents[Self.normalize(uri)]
    }

    /// The URIs of every registered document.
    public var uris: some Collection<String> {
        documents.keys
    }

    static func normalize(_ uri: String) -> String {
        uri.hasSuffix("#") ? String(uri.dropLast()) : uri
    }
}
