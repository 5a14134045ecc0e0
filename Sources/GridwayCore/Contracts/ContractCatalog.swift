import Foundation
import GridwayJSON

/// Every contract Gridway knows, by `id@major`: the public data-resource catalog.
public struct ContractCatalog: Sendable {
    /// Every contract, ordered by id, then major.
    public let contracts: [Contract]
    /// The data-element dictionary the contracts' fields reference.
    public let elements: ElementDictionary
    private let byRef: [ContractRef: Contract]

    /// Builds a catalog from contracts read with `elements`.
    /// - Throws: ``ContractCatalogError/duplicate(_:first:second:)`` if two have the same ref.
    public init(contracts: [Contract], elements: ElementDictionary = ElementDictionary()) throws(ContractCatalogError) {
        var byRef: [ContractRef: Contract] = [:]
        for contract in contracts {
            if let existing = byRef.updateValue(contract, forKey: contract.ref) {
                throw .duplicate(contract.ref, first: existing.source, second: contract.source)
            }
        }
        self.contracts = contracts.sorted { $0.ref < $1.ref }
        self.byRef = byRef
        self.elements = elements
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
