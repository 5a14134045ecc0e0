import GridwayCore

/// The request a capability sends, compiled from its `request:` section:
///
/// ```yaml
/// request:
///   method: POST                               # default POST (GET for fetch)
///   url: ${settings.baseURL}/api/v1/visits     # settings and ${$.path} values (percent-encoded)
///   query: {unit: $.submission.unit}           # templates; a list value repeats the parameter
///   headers: {X-Source: gridway}               # Gridway sets Idempotency-Key and webhook-* itself
///   auth: {type: bearer, token: "${settings.token}"}
///   format: json                               # json, xml, form or csv, with charset/xml/csv options
///   body: {...}                                # the body template
/// ```
struct RequestTemplate: Sendable {
    var method: String
    var url: Interpolation
    var query: [(name: String, value: Template)]
    var headers: [(name: String, value: Template)]
    var auth: AuthScheme?
    var codec: BodyCodec
    var body: Template?

    static let keys = ["method", "url", "query", "headers", "auth", "body"] + BodyCodec.keys
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Reads a request section. With `base` (a correction), absent keys are taken from it. A
    /// `delivery` request (deliver, notify) gets a warning for each header ``DeliveryHeaders`` sets.
    static func read(
        _ node: YAMLNode, _ what: String, _ context: ManifestContext, compiler: TemplateCompiler, defaultMethod: String,
        delivery: Bool = false, base: RequestTemplate? = nil
    ) -> RequestTemplate? {
        let reader = context.reader
        guard let fields = reader.mapping(node, what, allowed: keys, required: base == nil ? ["url"] : []) else {
            return nil
        }
        var method = base?.method ?? defaultMethod
        if let methodNode = fields["method"], let text = reader.string(methodNode, "\(what) method") {
            if methods.contains(text.uppercased()) {
                method = text.uppercased()
            } else {
                reader.error(
                    "method must be one of \(methods.joined(separator: ", ")), not \"\(text)\"", at: methodNode.position
                )
            }
        }
        var url = base?.url
        if let urlNode = fields["url"] {
            url = compiler.text(urlNode, "\(what) url")
            if let first = url?.parts.first, case .text(let literal) = first, !literal.hasPrefix("http://"),
                !literal.hasPrefix("https://")
            {
                reader.error("url must start with http://, https:// or ${settings.…}", at: urlNode.position)
            }
        }
        let codec = BodyCodec.read(fields, context, base: base?.codec ?? .json)
        var body = base?.body
        if let bodyNode = fields["body"] {
            body = compiler.template(bodyNode)
            if method == "GET" {
                reader.warning("a GET request with a body; most servers ignore it", at: bodyNode.position)
            }
        }
        let query = fields["query"].map { queryMembers($0, "\(what) query", compiler) } ?? base?.query ?? []
        let headers =
            fields["headers"].map { headerMembers($0, "\(what) headers", compiler, warnsOnGridwayHeaders: delivery) }
            ?? base?.headers ?? []
        let auth = fields["auth"].map { AuthScheme.read($0, context) } ?? base?.auth
        guard let url else { return nil }
        return RequestTemplate(
            method: method, url: url, query: query, headers: headers, auth: auth, codec: codec, body: body)
    }

    /// The named templates of a query mapping, with a warning at each parameter that looks like a
    /// credential (``SecretLookingQuery``): one belongs in `auth: {type: query, …}`.
    private static func queryMembers(_ node: YAMLNode, _ what: String, _ compiler: TemplateCompiler) -> [(
        name: String, value: Template
    )] {
        compiler.reader.namedEntries(node, what).map { entry in
            let value = compiler.template(entry.value)
            if let reason = SecretLookingQuery.reason(
                name: entry.name, value: value, settings: compiler.context.settings)
            {
                compiler.reader.warning(
                    "query parameter \"\(entry.name)\" looks like a credential (\(reason)); send it with auth: {type: query, name: \(entry.name), value: \"${settings.NAME}\"} (NAME a setting with secret: true), which Gridway keeps out of logs, errors and the admin adapter view, not as a plain query: parameter",
                    at: entry.value.position)
            }
            return (entry.name, value)
        }
    }

    /// The named templates of a header mapping; with `warnsOnGridwayHeaders`, a warning at
    /// each name that Gridway sets itself on delivery attempts.
    private static func headerMembers(
        _ node: YAMLNode, _ what: String, _ compiler: TemplateCompiler, warnsOnGridwayHeaders: Bool
    ) -> [(name: String, value: Template)] {
        compiler.reader.namedEntries(node, what).map { entry in
            if warnsOnGridwayHeaders && DeliveryHeaders.isSetByGridway(entry.name) {
                compiler.reader.warning(
                    "Gridway sets the \(entry.name) header itself on every attempt and replaces this value; remove it",
                    at: entry.key.position)
            }
            return (entry.name, compiler.template(entry.value))
        }
    }
}
