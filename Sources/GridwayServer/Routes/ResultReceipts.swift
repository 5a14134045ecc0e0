import Foundation
import GridwayCore
import OrderedCollections

/// Who has acknowledged a result: in total, per part of the audience, and which units have not.
///
/// A subtree audience is rolled up as its root alone plus one group per child subtree; every other
/// audience unit is its own group.
struct ResultReceipts {
    let result: PublishedResult
    let units: OrgUnitTree
    let acknowledgements: [String: Date]

    var json: JSONValue {
        var groups: [JSONValue] = []
        var pending: [JSONValue] = []
        var addressedTotal = 0
        var acknowledgedTotal = 0
        func add(_ unit: String, scope: ResultScope) {
            let members = [unit] + (scope == .subtree ? units.descendants(of: unit).map(\.code) : [])
            let waiting = members.filter { acknowledgements[$0] == nil }
            addressedTotal += members.count
            acknowledgedTotal += members.count - waiting.count
            pending += waiting.map(JSONValue.string)
            groups.append([
                "unit": .string(unit), "name": units.unit(unit).map { .string($0.name) } ?? .null,
                "scope": .string(scope.rawValue), "addressed": .integer(Int64(members.count)),
                "acknowledged": .integer(Int64(members.count - waiting.count)),
            ])
        }
        for root in result.request.audience.roots {
            add(root.unit, scope: .unit)
            guard root.scope == .subtree else { continue }
            for child in units.children(of: root.unit) { add(child.code, scope: .subtree) }
        }
        return [
            "result": .string(result.id), "addressed": .integer(Int64(addressedTotal)),
            "acknowledged": .integer(Int64(acknowledgedTotal)), "groups": .array(groups), "pending": .array(pending),
        ]
    }
}
