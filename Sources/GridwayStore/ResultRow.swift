import Foundation
import GridwayCore
import GridwayJSON

/// A result as both stores keep it in their `result` table, column by column.
///
/// Building one from a ``PublishedResult`` gives the values to write; reading one back with
/// ``result()`` checks everything a hand-edited database could have broken.
package struct ResultRow: Sendable {
    package var id: String
    package var kind: String
    package var title: String
    package var body: String
    package var data: String?
    package var answers: String
    package var audienceScope: String
    package var audienceUnits: String
    package var expiresAt: Int64?
    package var digest: String
    package var sentBy: String
    package var idempotencyKey: String
    package var sentAt: Int64
    package var addressedCount: Int
    package var taskContract: String?
    package var taskPeriod: String?
    package var taskDueAt: Int64?

    /// The columns as read from a row.
    package init(
        id: String, kind: String, title: String, body: String, data: String?, answers: String, audienceScope: String,
        audienceUnits: String, expiresAt: Int64?, digest: String, sentBy: String, idempotencyKey: String, sentAt: Int64,
        addressedCount: Int, taskContract: String?, taskPeriod: String?, taskDueAt: Int64?
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.body = body
        self.data = data
        self.answers = answers
        self.audienceScope = audienceScope
        self.audienceUnits = audienceUnits
        self.expiresAt = expiresAt
        self.digest = digest
        self.sentBy = sentBy
        self.idempotencyKey = idempotencyKey
        self.sentAt = sentAt
        self.addressedCount = addressedCount
        self.taskContract = taskContract
        self.taskPeriod = taskPeriod
        self.taskDueAt = taskDueAt
    }

    /// The columns that store `result`.
    package init(_ result: PublishedResult) {
        let request = result.request
        let (scope, units): (String, [String]) =
            switch request.audience {
            case .unit(let unit, let scope): (scope.rawValue, [unit])
            case .units(let units): ("list", units)
            }
        self.init(
            id: result.id, kind: request.kind.rawValue, title: request.title, body: request.body,
            data: request.data?.serializedString(),
            answers: JSONValue.array(request.answers.map(JSONValue.string)).serializedString(), audienceScope: scope,
            audienceUnits: JSONValue.array(units.map(JSONValue.string)).serializedString(),
            expiresAt: request.expiresAt.map(EpochMilliseconds.of), digest: result.digest, sentBy: result.sentBy,
            idempotencyKey: result.idempotencyKey, sentAt: EpochMilliseconds.of(result.sentAt),
            addressedCount: result.addressedCount, taskContract: request.task?.contract.description,
            taskPeriod: request.task?.period, taskDueAt: request.task.map { EpochMilliseconds.of($0.dueAt) })
    }

    /// The result these columns hold, or why they hold none.
    package func result() throws -> PublishedResult {
        func corrupt(_ reason: String) -> StoreError { .corruptRow(table: "result", id: id, reason: reason) }
        func strings(_ text: String, _ column: String) throws -> [String] {
            guard let list = try? JSONValue(parsing: Array(text.utf8)).arrayValue else {
                throw corrupt("\(column) is not a JSON array")
            }
            return try list.map { element in
                guard let value = element.stringValue else { throw corrupt("\(column) holds a non-string") }
                return value
            }
        }
        guard let kind = ResultKind(rawValue: kind) else { throw corrupt("unknown kind") }
        let units = try strings(audienceUnits, "audienceUnits")
        let audience: ResultAudience
        switch (audienceScope, units.first) {
        case ("list", _): audience = .units(units)
        case (let scope, let unit?) where units.count == 1:
            guard let scope = ResultScope(rawValue: scope) else { throw corrupt("unknown audience scope \(scope)") }
            audience = .unit(unit, scope: scope)
        default: throw corrupt("audience without exactly one unit")
        }
        var parsedData: JSONValue?
        if let data {
            guard let parsed = try? JSONValue(parsing: Array(data.utf8)) else { throw corrupt("data is not JSON") }
            parsedData = parsed
        }
        var task: ResultTask?
        if let taskContract {
            guard let reference = try? ContractRef(parsing: taskContract), let taskPeriod, let taskDueAt else {
                throw corrupt("incomplete task")
            }
            task = ResultTask(contract: reference, period: taskPeriod, dueAt: EpochMilliseconds.date(taskDueAt))
        }
        let request = ResultRequest(
            kind: kind, title: title, body: body, data: parsedData, answers: try strings(answers, "answers"),
            audience: audience, expiresAt: expiresAt.map(EpochMilliseconds.date), task: task)
        return PublishedResult(
            id: id, request: request, digest: digest, sentBy: sentBy, idempotencyKey: idempotencyKey,
            sentAt: EpochMilliseconds.date(sentAt), addressedCount: addressedCount)
    }
}

extension PublishedResult {
    /// A fresh id greater than `newest`, the greatest stored: result ids follow commit order (publishing
    /// is serialized), so a stream resumed after an id misses no result stored later in the same millisecond.
    package static func id(after newest: String, at now: Date) -> String {
        var at = now
        var id = TimeOrderedID.make(at: at)
        while id <= newest {
            at += 0.001
            id = TimeOrderedID.make(at: at)
        }
        return id
    }

    /// The pending deliveries of a newly published result into legacy apps, one per route.
    package func notifyDeliveries(_ routes: [NotifyRoute]) -> [Delivery] {
        routes.map { route in
            Delivery(
                id: TimeOrderedID.make(at: sentAt), subject: .result(id, unit: route.unit), target: route.target,
                state: .pending, nextAttemptAt: sentAt, createdAt: sentAt)
        }
    }

    /// What the audit entry of its publication records.
    package func publicationDetail(notifications: Int) -> JSONValue {
        [
            "kind": .string(request.kind.rawValue), "audience": request.audience.json,
            "addressed": .integer(Int64(addressedCount)), "notifications": .integer(Int64(notifications)),
            "digest": .string(digest),
        ]
    }
}
