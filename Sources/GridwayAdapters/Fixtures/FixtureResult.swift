/// The result of running one fixture.
public struct FixtureResult: Sendable {
    /// The fixture's name.
    public var name: String
    /// Its file.
    public var file: String
    /// Every difference found; empty when the fixture passes.
    public var mismatches: [FixtureMismatch]

    /// Whether the adapter did exactly what the fixture expects.
    public var passed: Bool { mismatches.isEmpty }
}
