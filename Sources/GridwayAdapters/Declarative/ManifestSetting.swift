/// A named value an adapter needs at run time, read from the environment when the adapter loads:
///
/// ```yaml
/// settings:
///   baseURL: {env: CIVIL_AFFAIRS_URL, default: "http://127.0.0.1:9001"}
///   token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}
/// ```
///
/// Templates use it as `${settings.token}`. A secret setting's value is never logged or printed.
public struct ManifestSetting: Sendable, Hashable {
    /// The name used in `${settings.name}`.
    public var name: String
    /// The environment variable holding the value.
    public var environmentVariable: String
    /// The value when the variable is not set; `nil` makes the variable required.
    public var defaultValue: String?
    /// Whether the value is a credential that must never be shown.
    public var isSecret: Bool
    /// Where the setting is declared.
    public var position: SourcePosition

    /// Creates a setting.
    public init(
        name: String, environmentVariable: String, defaultValue: String?, isSecret: Bool, position: SourcePosition
    ) {
        self.name = name
        self.environmentVariable = environmentVariable
        self.defaultValue = defaultValue
        self.isSecret = isSecret
        self.position = position
    }

    /// The value from `environment`, else the default; `nil` if neither exists.
    public func value(in environment: [String: String]) -> String? {
        environment[environmentVariable] ?? defaultValue
    }
}
