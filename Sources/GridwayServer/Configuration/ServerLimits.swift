/// The limits that protect a running server from hostile or broken clients, each a setting of its own.
public struct ServerLimits: Sendable, Equatable {
    /// Deepest nesting of arrays and objects accepted in a JSON request body.
    public var maxJSONDepth = 32
    /// Most elements of one array, or members of one object, accepted in a JSON request body.
    public var maxJSONElements = 10_000
    /// Largest request head (request line aside): every header field together, in bytes.
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields in one request.
    public var maxHeaderFields = 100
    /// Longest request target (path and query), in bytes.
    public var maxURLBytes = 8 * 1024
    /// Most connections open at once; further ones are closed at once.
    public var maxConnections = 1024
    /// Most connections open at once from one client address, or `nil` (`off`) for no such limit; further
    /// ones are closed at once. Behind a reverse proxy every connection comes from the proxy's address.
    public var maxConnectionsPerAddress: Int? = 128
    /// How long a connection may take to send a complete request head, from when it opens, or on a kept-alive
    /// connection from the first byte of its next request (slowloris protection); it is closed after that.
    public var requestHeadTimeout = Duration.seconds(10)
    /// How long a request may take to send its body once its head arrived.
    public var requestBodyTimeout = Duration.seconds(30)
    /// How long a connection may sit idle between requests.
    public var idleTimeout = Duration.seconds(75)
    /// Requests per second each credential may make on average, or `nil` (`off`) for no limit.
    public var credentialRate: Double? = 50
    /// How many requests a credential may make at once above its rate.
    public var credentialBurst = 200

    /// The defaults.
    public init() {}

    /// The setting names, as written in the configuration file.
    static let keys = [
        "maxJSONDepth", "maxJSONElements", "maxHeaderBytes", "maxHeaderFields", "maxURLBytes", "maxConnections",
        "maxConnectionsPerAddress", "requestHeadTimeout", "requestBodyTimeout", "idleTimeout", "credentialRate",
        "credentialBurst",
    ]

    /// Sets `key` from its text, or throws what `invalid` makes of the expected form.
    mutating func apply(_ key: String, _ value: String, invalid: (String) -> ConfigurationError) throws {
        func count() throws -> Int {
            guard let number = Int(value), number > 0 else { throw invalid("a positive whole number") }
            return number
        }
        func duration() throws -> Duration {
            guard let duration = GridwayConfiguration.duration(value), duration > .zero else {
                throw invalid("a positive duration such as 10s or 2m")
            }
            return duration
        }
        switch key {
        case "maxJSONDepth": maxJSONDepth = try count()
        case "maxJSONElements": maxJSONElements = try count()
        case "maxHeaderBytes": maxHeaderBytes = try count()
        case "maxHeaderFields": maxHeaderFields = try count()
        case "maxURLBytes": maxURLBytes = try count()
        case "maxConnections": maxConnections = try count()
        case "maxConnectionsPerAddress":
            if value == "off" {
                maxConnectionsPerAddress = nil
            } else {
                guard let number = Int(value), number > 0 else { throw invalid("a positive whole number, or off") }
                maxConnectionsPerAddress = number
            }
        case "requestHeadTimeout": requestHeadTimeout = try duration()
        case "requestBodyTimeout": requestBodyTimeout = try duration()
        case "idleTimeout": idleTimeout = try duration()
        case "credentialRate":
            if value == "off" {
                credentialRate = nil
            } else {
                guard let rate = Double(value), rate > 0, rate.isFinite else {
                    throw invalid("a positive number of requests per second, or off")
                }
                credentialRate = rate
            }
        case "credentialBurst": credentialBurst = try count()
        default: throw ConfigurationError(setting: key, reason: "unknown setting")
        }
    }
}
