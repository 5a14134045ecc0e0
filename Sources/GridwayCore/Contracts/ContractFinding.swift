import GridwayJSON

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
    /// Where ``location`` is in the file's text (line and column from 1), when the text was at
    /// hand: ``ContractLinter`` places every finding, ``Contract/init(document:source:elements:)``
    /// (given a parsed document) none.
    public var position: JSONSourceMap.Position?

    /// Creates a finding.
    public init(severity: Severity, file: String, location: JSONPointer, message: String) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
    }

    /// `<file>:<line>:<column>: <severity>: <message> (at <location>)` when placed, otherwise
    /// `<file>:<location>: <severity>: <message>`, with `/` for the root location.
    public var description: String {
        let pointer = location.isRoot ? "/" : location.description
        guard let position else { return "\(file):\(pointer): \(severity.rawValue): \(message)" }
        return "\(file):\(position.line):\(position.column): \(severity.rawValue): \(message) (at \(pointer))"
    }

    /// The finding placed at its location in the text `map` maps.
    package func placed(in map: JSONSourceMap) -> ContractFinding {
        var placed = self
        placed.position = map.position(of: location)
        return placed
    }
}
