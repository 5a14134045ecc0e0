import Foundation

/// Every contract Gridway knows, by `id@major`: the public data-resource catalog.
public struct ContractCatalog: Sendable {
    /// Every contract, ordered by id, then major.
    public let contracts: [Contract]
    private let byRef: [ContractRef: Contract]

    /// Builds a catalog from contracts.
    /// - Throws: ``ContractCatalogError/duplicate(_:first:second:)`` if two have the same ref.
    public init(contracts: [Contract]) throws(ContractCatalogError) {
        var byRef: [ContractRef: Contract] = [:]
        for contract in contracts {
            if let existing = byRef.updateValue(contract, forKey: contract.ref) {
                throw .duplicate(contract.ref, first: existing.source, second: contract.source)
            }
        }
        self.contracts = contracts.sorted { $0.ref < $1.ref }
        self.byRef = byRef
    }

    /// Loads every `<id>@<major>.json` contract file of `directory` (not subfolders; the
    /// org-unit file `units.json` is skipped).
    ///
    /// - Throws: ``ContractCatalogError`` for the first file that cannot be read or parsed, is
    ///   misnamed, is not a valid contract, or repeats a ref.
    public static func load(directory: URL) throws(ContractCatalogError) -> ContractCatalog {
        var contracts: [Contract] = []
        let files: [URL]
        do {
            files = try CatalogFiles.contractFiles(in: directory)
        } catch {
            throw .unreadable(error)
        }
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try CatalogFiles.read(file)
            } catch {
                throw .unreadable(error)
            }
            let document: JSONValue
            do {
                document = try JSONValue(parsing: bytes)
            } catch {
                throw .invalidJSON(file: file.path, error)
            }
            let contract: Contract
            do {
                contract = try Contract(document: document, source: file.path)
            } catch {
                throw .invalidContract(error)
            }
            guard contract.ref.description + ".json" == file.lastPathComponent else {
                throw .fileNameMismatch(file: file.path, ref: contract.ref)
            }
            contracts.append(contract)
        }
        return try ContractCatalog(contracts: contracts)
    }

    /// The contract `ref` names, or `nil` if the catalog has none.
    public func contract(_ ref: ContractRef) -> Contract? {
        byRef[ref]
    }

    /// The contracts with `id`, oldest major first; empty for an unknown id.
    public func versions(of id: String) -> [Contract] {
        contracts.filter { $0.ref.id == id }
    }

    /// The distinct contract ids, sorted.
    public var ids: [String] {
        var seen: Set<String> = []
        return contracts.map(\.ref.id).filter { seen.insert($0).inserted }
    }
}
