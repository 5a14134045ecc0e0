/// Why a JSON document is not a usable contract: the error findings about it.
public struct ContractError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source name the document was given, e.g. its file path.
    public var source: String
    /// Every error found (never empty), in document order.
    public var findings: [ContractFinding]

    /// Creates an error from its findings.
    public init(source: String, findings: [ContractFinding]) {
        self.source = source
        self.findings = findings
    }

    /// `invalid contract <source>:` followed by one finding per line.
    public var description: String {
        (["invalid contract \(source):"] + findings.map { "  \($0)" }).joined(separator: "\n")
    }
}
