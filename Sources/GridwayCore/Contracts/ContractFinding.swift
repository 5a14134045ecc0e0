/// One problem ``ContractLinter`` (or ``Contract/init(document:source:)``) found in a contract file.
public struct ContractFinding: Sendable, Hashable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The contract must not be used until it is fixed.
        case error
        /// The contract works, but something is probably unintended.
        case warning
    }

    /// Whether the finding refuses the contract.
    public var severity: Severity
    /// The file (or other source name) the finding is about.
    public var file: String
    /// Where in the file's JSON document, e.g. `/properties/visitDate/x-gridway-pii`; the root
    /// for findings about the whole file.
    public var location: JSONPointer
    /// What is wrong, in one line.
    public var message: String

    /// Creates a finding.
    public init(severity: Severity, file: String, location: JSONPointer, message: String) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
    }

    /// `<file>:<location>: <severity>: <message>`, with `/` for the root location.
    public var description: String {
        "\(file):\(location.isRoot ? "/" : location.description): \(severity.rawValue): \(message)"
    }
}
