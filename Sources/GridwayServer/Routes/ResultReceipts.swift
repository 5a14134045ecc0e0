import Foundation
import GridwayCore
import GridwayJSON

/// Who has acknowledged a result: in total, per part of the audience (see ``ResultRollup``), and
/// which units have not.
struct ResultReceipts {
    let result: PublishedResult
    let units: OrgUnitTree
    let acknowledgements: [String: Date]

    var json: JSONValue {
        let rollup = ResultRollup(result.request.audience, units: units, doneName: "acknowledged") {
            acknowledgements[$0] != nil
        }
        return [
            "result": .string(result.id), "addressed": .integer(Int64(rollup.addressed.count)),
            "acknowledged": .integer(Int64(rollup.addressed.count - rollup.pending.count)),
            "groups": .array(rollup.groups), "pending": .array(rollup.pending.map(JSONValue.string)),
        ]
    }
}
