import Foundation

/// An adapter manifest (or fixture) that cannot be used, with every mistake found in it.
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every diagnostic, errors and warnings, in file order.
    public var diagnostics: [ManifestDiagnostic]

    /// Creates an error from its diagnostics.
    public init(_ diagnostics: [ManifestDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The errors alone.
    public var errors: [ManifestDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension ManifestError {
    /// The text of `file` (a manifest or a fixture, named by `kind`), or the error that it cannot be read.
    static func text(of file: URL, kind: String) throws(ManifestError) -> String {
        do {
            return try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ManifestError([
                ManifestDiagnostic(
                    .error, file: file.path, at: nil, "cannot read the \(kind): \(error.localizedDescription)")
            ])
        }
    }
}
