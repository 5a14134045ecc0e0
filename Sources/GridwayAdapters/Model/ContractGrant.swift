import GridwayCore
import GridwayJSON
import OrderedCollections

/// One contract an adapter handles, and the fields beyond the open ones it is entitled to see.
///
/// Open fields reach every adapter of the contract. A `conditional` or `restricted` field reaches
/// an adapter only when it is named in `grantedFields`.
public struct ContractGrant: Sendable, Hashable {
    /// The contract.
    public var contract: ContractRef
    /// Top-level field names granted beyond the open ones.
    public var grantedFields: Set<String>

    /// Creates a grant.
    public init(contract: ContractRef, grantedFields: Set<String> = []) {
        self.contract = contract
        self.grantedFields = grantedFields
    }

    /// Whether the adapter may see `field` of `contract`.
    public func allows(_ field: ContractField) -> Bool {
        field.sharing == .open || grantedFields.contains(field.name)
    }

    /// `data` with every top-level member the grant does not allow removed.
    public func project(_ data: JSONValue, of contract: Contract) -> JSONValue {
        guard case .object(let members) = data else { return data }
        let allowed = Set(contract.fields.filter(allows).map(\.name))
        return .object(members.filter { allowed.contains($0.key) })
    }
}
