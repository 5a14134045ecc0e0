import Foundation
import GridwayDelivery

/// A target's delivery settings as written under `targets.<id>` in the configuration file; unset
/// values keep the defaults of ``TargetSettings``.
public struct TargetOverrides: Sendable, Equatable {
    /// Attempts in flight at once.
    public var concurrency: Int?
    /// Requests per second.
    public var ratePerSecond: Double?
    /// How long one attempt may take.
    public var timeout: Duration?
    /// Attempts before a delivery is dead.
    public var maxAttempts: Int?
    /// Age at which a delivery is dead.
    public var maxAge: Duration?
    /// The bound of the first retry's delay.
    public var retryDelay: Duration?
    /// The largest delay between two attempts.
    public var maxRetryDelay: Duration?
    /// Consecutive failures that open the breaker.
    public var breakerThreshold: Int?
    /// How long an open breaker waits.
    public var breakerOpenFor: Duration?

    /// Reads the overrides, naming `targets.<id>.<key>` in every error.
    init(_ values: [String: String], target: String, source: String) throws {
        for (key, value) in values {
            func invalid(_ expected: String) -> ConfigurationError {
                ConfigurationError(
                    setting: "targets.\(target).\(key)", reason: "\(source): \"\(value)\" is not \(expected)")
            }
            func positiveInteger() throws -> Int {
                guard let number = Int(value), number > 0 else { throw invalid("a positive whole number") }
                return number
            }
            func positiveDuration() throws -> Duration {
                guard let duration = GridwayConfiguration.duration(value), duration > .zero else {
                    throw invalid("a positive duration such as 10s, 5m or 24h")
                }
                return duration
            }
            switch key {
            case "concurrency": concurrency = try positiveInteger()
            case "ratePerSecond":
                guard let rate = Double(value), rate > 0 else { throw invalid("a positive number") }
                ratePerSecond = rate
            case "timeout": timeout = try positiveDuration()
            case "maxAttempts": maxAttempts = try positiveInteger()
            case "maxAge": maxAge = try positiveDuration()
            case "retryDelay": retryDelay = try positiveDuration()
            case "maxRetryDelay": maxRetryDelay = try positiveDuration()
            case "breakerThreshold": breakerThreshold = try positiveInteger()
            case "breakerOpenFor": breakerOpenFor = try positiveDuration()
            default:
                throw ConfigurationError(setting: "targets.\(target).\(key)", reason: "\(source): unknown setting")
            }
        }
    }
}

extension GridwayConfiguration {
    /// The delivery settings of `target`: the defaults, its `targets:` overrides, and its signing
    /// secrets from `GRIDWAY_SIGNING_SECRETS_<TARGET>` (comma-separated, e.g. during a rotation).
    public func targetSettings(for target: String, environment: [String: String]) -> TargetSettings {
        var settings = TargetSettings()
        if let overrides = targets[target] {
            settings.concurrency = overrides.concurrency ?? settings.concurrency
            settings.ratePerSecond = overrides.ratePerSecond ?? settings.ratePerSecond
            settings.timeout = overrides.timeout ?? settings.timeout
            settings.retry.maximumAttempts = overrides.maxAttempts ?? settings.retry.maximumAttempts
            settings.retry.maximumAge = overrides.maxAge ?? settings.retry.maximumAge
            settings.retry.baseDelay = overrides.retryDelay ?? settings.retry.baseDelay
            settings.retry.maximumDelay = overrides.maxRetryDelay ?? settings.retry.maximumDelay
            settings.breakerThreshold = overrides.breakerThreshold ?? settings.breakerThreshold
            settings.breakerOpenDuration = overrides.breakerOpenFor ?? settings.breakerOpenDuration
        }
        let variable = "GRIDWAY_SIGNING_SECRETS_" + target.uppercased().replacingOccurrences(of: "-", with: "_")
        settings.signingSecrets =
            environment[variable].map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } ?? []
        return settings
    }
}
