import GridwayCore
import OrderedCollections

/// The JSON shapes of results and inbox items in replies.
enum ResultView {
    /// A result as stored, with how many units it reaches.
    static func result(_ result: PublishedResult) -> JSONValue {
        .object(members(of: result))
    }

    /// A result as one unit sees it, with that unit's acknowledgement.
    static func item(_ item: InboxItem) -> JSONValue {
        var members = members(of: item.result)
        members["state"] = .string(item.acknowledgedAt == nil ? "unread" : "acknowledged")
        members["acknowledgedAt"] = item.acknowledgedAt.map { .string(Timestamp.format($0)) } ?? .null
        return .object(members)
    }

    private static func members(of result: PublishedResult) -> OrderedDictionary<String, JSONValue> {
        let request = result.request
        return [
            "id": .string(result.id),
            "kind": .string(request.kind.rawValue),
            "title": .string(request.title),
            "body": .string(request.body),
            "data": request.data ?? .null,
            "answers": .array(request.answers.map(JSONValue.string)),
            "audience": request.audience.json,
            "addressed": .integer(Int64(result.addressedCount)),
            "expiresAt": request.expiresAt.map { .string(Timestamp.format($0)) } ?? .null,
            "task": request.task.map { task in
                [
                    "contract": .string(task.contract.description), "period": .string(task.period),
                    "dueAt": .string(Timestamp.format(task.dueAt)),
                ]
            } ?? .null,
            "sentBy": .string(result.sentBy),
            "sentAt": .string(Timestamp.format(result.sentAt)),
            "digest": .string(result.digest),
        ]
    }
}
