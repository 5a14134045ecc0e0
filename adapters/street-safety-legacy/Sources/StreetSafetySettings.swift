import GridwayAdapters

/// Where the street safety-supervision system is and how Gridway proves who it is, read from the
/// environment when the adapter starts.
struct StreetSafetySettings: Sendable, Hashable {
    /// `STREET_SAFETY_URL`: the system's base URL, `http://127.0.0.1:9106` when unset.
    var baseURL: String
    /// `STREET_SAFETY_APP_ID`: the application id the system issued to Gridway.
    var appID: String
    /// `STREET_SAFETY_SECRET`: the shared secret that signs each challenge; never logged.
    var secret: String

    /// The environment variables read.
    enum Variable {
        static let baseURL = "STREET_SAFETY_URL"
        static let appID = "STREET_SAFETY_APP_ID"
        static let secret = "STREET_SAFETY_SECRET"
    }

    /// The URL used when `STREET_SAFETY_URL` is unset: a local stand-in.
    static let defaultBaseURL = "http://127.0.0.1:9106"

    /// Reads the settings.
    /// - Throws: ``AdapterError/configuration(_:)`` naming every variable that is missing or empty.
    init(_ environment: [String: String]) throws(AdapterError) {
        let missing = [Variable.appID, Variable.secret].filter { environment[$0]?.isEmpty ?? true }
        guard missing.isEmpty, let appID = environment[Variable.appID], let secret = environment[Variable.secret] else {
            throw .configuration(
                "street-safety-legacy needs the environment variable\(missing.count == 1 ? "" : "s") \(missing.joined(separator: " and ")); see adapters/street-safety-legacy/README.md"
            )
        }
        var baseURL = environment[Variable.baseURL].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultBaseURL
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            throw .configuration("\(Variable.baseURL) must start with http:// or https://, not \"\(baseURL)\"")
        }
        self.baseURL = baseURL
        self.appID = appID
        self.secret = secret
    }
}
