import GridwayCore
import GridwayJSON
import OrderedCollections

/// Counts how many of a result's addressed units are done (acknowledged, submitted…), per part of the audience.
///
/// A subtree audience is rolled up as its root alone plus one group per child subtree; every other
/// audience unit is its own group. With `within`, only the addressed units in that subtree count,
/// and groups left empty are dropped.
struct ResultRollup {
    /// Every addressed unit counted, in tree order.
    private(set) var addressed: [String] = []
    /// The counted units not done, in tree order.
    private(set) var pending: [String] = []
    /// One `{unit, name, scope, addressed, <doneName>}` object per group.
    private(set) var groups: [JSONValue] = []

    init(
        _ audience: ResultAudience, units: OrgUnitTree, within: String? = nil, doneName: String,
        isDone: (String) -> Bool
    ) {
        func add(_ unit: String, scope: ResultScope) {
            let members = ([unit] + (scope == .subtree ? units.descendants(of: unit).map(\.code) : []))
                .filter { unit in within.map { units.isInSubtree(unit, of: $0) } ?? true }
            guard !members.isEmpty else { return }
            let waiting = members.filter { !isDone($0) }
            addressed += members
            pending += waiting
            groups.append([
                "unit": .string(unit), "name": units.unit(unit).map { .string($0.name) } ?? .null,
                "scope": .string(scope.rawValue), "addressed": .integer(Int64(members.count)),
                doneName: .integer(Int64(members.count - waiting.count)),
            ])
        }
        for root in audience.roots {
            add(root.unit, scope: .unit)
            guard root.scope == .subtree else { continue }
            for child in units.children(of: root.unit) { add(child.code, scope: .subtree) }
        }
    }
}
