import Foundation
import GridwayCore
import GridwayJSON

/// How far a task has been done: which addressed units (within an optional subtree) have submitted
/// under its contract for its period, per part of the audience, which are missing or overdue, and
/// which submitted after the due time.
struct ResultCompleteness {
    let result: PublishedResult
    let task: ResultTask
    let units: OrgUnitTree
    /// The viewer's subtree, or `nil` for the whole audience.
    let within: String?
    /// When each unit first submitted.
    let submitted: [String: Date]
    let now: Date

    var json: JSONValue {
        let rollup = ResultRollup(result.request.audience, units: units, within: within, doneName: "submitted") {
            submitted[$0] != nil
        }
        let late = rollup.addressed.filter { unit in submitted[unit].map { $0 > task.dueAt } ?? false }
        let overdue = now > task.dueAt ? rollup.pending : []
        return [
            "result": .string(result.id), "contract": .string(task.contract.description),
            "period": .string(task.period), "dueAt": .string(Timestamp.format(task.dueAt)),
            "within": within.map(JSONValue.string) ?? .null,
            "addressed": .integer(Int64(rollup.addressed.count)),
            "submitted": .integer(Int64(rollup.addressed.count - rollup.pending.count)),
            "groups": .array(rollup.groups), "missing": .array(rollup.pending.map(JSONValue.string)),
            "overdue": .array(overdue.map(JSONValue.string)), "late": .array(late.map(JSONValue.string)),
        ]
    }
}
