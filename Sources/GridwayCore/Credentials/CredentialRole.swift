/// What a credential may do, and for which part of the org-unit tree.
public enum CredentialRole: Sendable, Hashable {
    /// Grassroots staff acting for `unit` and every unit below it.
    case staff(unit: String)
    /// An upper-level system, identified by its `target` id, acting inside `jurisdiction`'s subtree.
    case upstream(target: String, jurisdiction: String)
    /// An operator with access to everything.
    case admin

    /// The role's name as stored and shown: `staff`, `upstream` or `admin`.
    public var name: String {
        switch self {
        case .staff: "staff"
        case .upstream: "upstream"
        case .admin: "admin"
        }
    }

    /// The root of the subtree this role acts in, or `nil` for an admin (the whole tree).
    public var scopeRoot: String? {
        switch self {
        case .staff(let unit): unit
        case .upstream(_, let jurisdiction): jurisdiction
        case .admin: nil
        }
    }
}
