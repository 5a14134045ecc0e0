import GridwayJSON
import OrderedCollections

/// The org units a result is addressed to: one unit (alone or with its subtree), or a list of units.
public enum ResultAudience: Sendable, Hashable {
    /// One unit, alone or with every unit below it.
    case unit(String, scope: ResultScope)
    /// Each listed unit alone.
    case units([String])

    /// The units named in the audience, each reaching its own ``ResultScope``.
    public var roots: [(unit: String, scope: ResultScope)] {
        switch self {
        case .unit(let unit, let scope): [(unit, scope)]
        case .units(let units): units.map { ($0, .unit) }
        }
    }

    /// Every unit the audience reaches in `tree`, in tree order below each root.
    public func addressedUnits(in tree: OrgUnitTree) -> [String] {
        roots.flatMap { root in
            [root.unit] + (root.scope == .subtree ? tree.descendants(of: root.unit).map(\.code) : [])
        }
    }

    /// Whether the audience reaches `unit`.
    public func addresses(_ unit: String, in tree: OrgUnitTree) -> Bool {
        roots.contains { root in
            root.scope == .subtree ? tree.isInSubtree(unit, of: root.unit) : root.unit == unit
        }
    }

    /// The audience as written in requests and replies: `{"unit", "scope"}` or `{"units": […]}`.
    public var json: JSONValue {
        switch self {
        case .unit(let unit, let scope): .object(["unit": .string(unit), "scope": .string(scope.rawValue)])
        case .units(let units): .object(["units": .array(units.map(JSONValue.string))])
        }
    }
}
