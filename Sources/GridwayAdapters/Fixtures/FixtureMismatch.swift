/// One way a fixture's expectation and what the adapter did differ, at a path such as
/// `request 1 body.visitTime` or `records[0].elderName`.
public struct FixtureMismatch: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where: `outcome`, `request 2 url`, `request 1 body.visitTime`, `records[0].elderName`…
    public var path: String
    /// What the fixture expects, as JSON text or a phrase.
    public var expected: String
    /// What happened.
    public var actual: String

    /// Creates a mismatch.
    public init(path: String, expected: String, actual: String) {
        self.path = path
        self.expected = expected
        self.actual = actual
    }

    /// `body.visitTime: expected "20261105000000", got "2026-11-05"`.
    public var description: String { "\(path): expected \(expected), got \(actual)" }
}
