/// A contract's full version, `MAJOR.MINOR.PATCH` (semantic versioning without pre-release or
/// build suffixes), e.g. `1.2.0`.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Incremented for incompatible changes; part of the ``ContractRef``.
    public let major: Int
    /// Incremented for compatible additions.
    public let minor: Int
    /// Incremented for compatible fixes.
    public let patch: Int

    /// Creates a version from its parts, or returns `nil` if one is negative.
    public init?(major: Int, minor: Int, patch: Int) {
        guard major >= 0, minor >= 0, patch >= 0 else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `MAJOR.MINOR.PATCH`: three numbers without leading zeros; returns `nil` otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let major = ContractRef.major(parts[0]), let minor = ContractRef.major(parts[1]),
            let patch = ContractRef.major(parts[2])
        else { return nil }
        self.init(major: major, minor: minor, patch: patch)
    }

    /// `MAJOR.MINOR.PATCH`.
    public var description: String {
        "\(major).\(minor).\(patch)"
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
