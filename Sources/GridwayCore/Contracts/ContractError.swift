import GridwayJSON

/// Why a JSON document is not a usable contract (or data-element dictionary): the error findings
/// about it.
public struct ContractError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source name the document was given, e.g. its file path.
    public var source: String
    /// Every error found (never empty), in document order.
    public var findings: [ContractFinding]
    /// What the document should have been: `contract` or `data-element dictionary`.
    public var document: String

    /// Creates an error from its findings.
    public init(source: String, findings: [ContractFinding], document: String = "contract") {
        self.source = source
        self.findings = findings
        self.document = document
    }

    /// The error with each finding placed at its line and column in the text `map` maps.
    package func placed(in map: JSONSourceMap) -> ContractError {
        ContractError(source: source, findings: findings.map { $0.placed(in: map) }, document: document)
    }

    /// `invalid contract <source>:` (or `invalid data-element dictionary <source>:`) followed by one
    /// finding per line.
    public var description: String {
        (["invalid \(document) \(source):"] + findings.map { "  \($0)" }).joined(separator: "\n")
    }
}
