import Foundation
import GridwayJSON
import OrderedCollections

/// What a `task` result asks for (填表任务): a report under `contract` for `period`, due at `dueAt`.
public struct ResultTask: Sendable, Hashable {
    /// The contract the units must report under.
    public var contract: ContractRef
    /// The period they must report for, as submissions write it.
    public var period: String
    /// When the reports are due.
    public var dueAt: Date

    /// Creates a task.
    public init(contract: ContractRef, period: String, dueAt: Date) {
        self.contract = contract
        self.period = period
        self.dueAt = dueAt
    }

    /// The idempotency key of the one reminder sent for the task with id `taskID`, under its sender:
    /// the store's uniqueness of (sender, key) makes a reminder go out once, whichever process sends it.
    public static func reminderKey(forTask taskID: String) -> String {
        "gridway-reminder:\(taskID)"
    }

    /// The task as replies and legacy apps read it, its due time in RFC 3339.
    public var view: JSONValue {
        [
            "contract": .string(contract.description), "period": .string(period),
            "dueAt": .string(Timestamp.format(dueAt)),
        ]
    }

    /// The task in the result's canonical payload, its due time in epoch milliseconds.
    public var json: JSONValue {
        [
            "contract": .string(contract.description), "period": .string(period),
            "dueAt": .integer(EpochMilliseconds.of(dueAt)),
        ]
    }

    /// Reads `{"contract", "period", "dueAt"}` at `location`, adding a violation for each fault.
    static func read(_ value: JSONValue, at location: JSONPointer, violations: inout [ResultViolation]) -> ResultTask? {
        guard case .object(let members) = value else {
            violations.append(.init(location: location, message: "\"task\" must be an object"))
            return nil
        }
        let known: Set<String> = ["contract", "period", "dueAt"]
        var ok = true
        for name in members.keys where !known.contains(name) {
            violations.append(.init(location: location.appending(name), message: "unknown member \"\(name)\""))
            ok = false
        }
        func string(_ name: String) -> String? {
            guard case .string(let text)? = members[name], !text.isEmpty else {
                violations.append(
                    .init(location: location.appending(name), message: "\"\(name)\" must be a non-empty string"))
                ok = false
                return nil
            }
            return text
        }
        let contract = string("contract").flatMap { text -> ContractRef? in
            guard let reference = try? ContractRef(parsing: text) else {
                violations.append(
                    .init(
                        location: location.appending("contract"),
                        message: "\"\(text)\" is not a contract reference like elderly-visit@1"))
                return nil
            }
            return reference
        }
        let period = string("period")
        let dueAt = string("dueAt").flatMap { text -> Date? in
            guard let date = try? Date(text, strategy: .iso8601) else {
                violations.append(
                    .init(location: location.appending("dueAt"), message: "\"\(text)\" is not an RFC 3339 timestamp"))
                return nil
            }
            return date
        }
        guard ok, let contract, let period, let dueAt else { return nil }
        return ResultTask(contract: contract, period: period, dueAt: dueAt)
    }
}
