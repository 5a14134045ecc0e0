/// Why the adapters could not be loaded: every problem found, each naming its file (and, inside a
/// manifest, the line and column).
public struct AdapterLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, errors only.
    public var diagnostics: [ManifestDiagnostic]

    /// Creates an error.
    public init(_ diagnostics: [ManifestDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One problem per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
