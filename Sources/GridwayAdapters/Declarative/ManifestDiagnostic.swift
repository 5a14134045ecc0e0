/// One mistake found in an adapter manifest or fixture, with its file, line and column.
///
/// Printed as compilers do, so editors and CI annotate the line:
/// `adapters/x/adapter.yaml:12:7: error: unknown key "bdoy" (did you mean "body"?)`.
public struct ManifestDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad the mistake is.
    public enum Severity: String, Sendable, Hashable {
        /// The adapter cannot load.
        case error
        /// The adapter loads, but probably does not do what its author meant.
        case warning
    }

    /// How bad it is.
    public var severity: Severity
    /// The file, as given to the reader.
    public var file: String
    /// Where in the file; `nil` when the mistake is about the file or folder as a whole.
    public var position: SourcePosition?
    /// What is wrong and, where possible, how to fix it.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, file: String, at position: SourcePosition?, _ message: String) {
        self.severity = severity
        self.file = file
        self.position = position
        self.message = message
    }

    /// `file:line:column: severity: message` (or `file: severity: message` without a position).
    public var description: String {
        let place = position.map { "\(file):\($0.line):\($0.column)" } ?? file
        return "\(place): \(severity.rawValue): \(message)"
    }
}
