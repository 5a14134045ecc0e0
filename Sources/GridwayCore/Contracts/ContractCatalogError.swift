import GridwayJSON

/// Why a folder of contracts could not be loaded into a ``ContractCatalog``.
public enum ContractCatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file or the folder could not be read.
    case unreadable(CatalogFileError)
    /// A file is not valid JSON.
    case invalidJSON(file: String, JSONParseError)
    /// A file is not named `<id>@<major>.json`, or names another contract than it holds.
    case fileNameMismatch(file: String, ref: ContractRef)
    /// A file does not hold a valid contract.
    case invalidContract(ContractError)
    /// The data-element dictionary is not valid.
    case invalidElements(ContractError)
    /// Two contracts have the same `id@major`.
    case duplicate(ContractRef, first: String, second: String)

    /// A one-line (for ``invalidContract(_:)`` and ``invalidElements(_:)``, multi-line) explanation.
    public var description: String {
        switch self {
        case .unreadable(let error):
            return error.description
        case .invalidJSON(let file, let error):
            return "\(file) is not valid JSON: \(error)"
        case .fileNameMismatch(let file, let ref):
            return "\(file) holds contract \(ref), so it must be named \(ref).json"
        case .invalidContract(let error):
            return error.description
        case .invalidElements(let error):
            return error.description
        case .duplicate(let ref, let first, let second):
            return "contract \(ref) is defined twice, in \(first) and in \(second)"
        }
    }
}
