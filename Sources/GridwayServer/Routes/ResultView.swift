import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// The JSON shapes of results and inbox items in replies.
enum ResultView {
    /// A result as stored, with how many units it reaches.
    static func result(_ result: PublishedResult) -> JSONValue {
        .object(members(of: result))
    }

    /// A result as one unit sees it at `now`, with that unit's acknowledgement and, for a task, the
    /// unit's state on it.
    static func item(_ item: InboxItem, now: Date) -> JSONValue {
        var members = members(of: item.result)
        members["state"] = .string(item.acknowledgedAt == nil ? "unread" : "acknowledged")
        members["acknowledgedAt"] = item.acknowledgedAt.map { .string(Timestamp.format($0)) } ?? .null
        if case .object(var task)? = members["task"], let state = item.taskState(at: now) {
            task["state"] = .string(state.rawValue)
            task["submittedAt"] = item.taskSubmittedAt.map { .string(Timestamp.format($0)) } ?? .null
            members["task"] = .object(task)
        }
        return .object(members)
    }

    /// A result as its sender sees it: with every delivery into legacy apps.
    static func sent(_ result: PublishedResult, deliveries: [Delivery]) -> JSONValue {
        var members = members(of: result)
        members["deliveries"] = .array(deliveries.map(DeliveryView.delivery))
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
            "task": request.task?.view ?? .null,
            "sentBy": .string(result.sentBy),
            "sentAt": .string(Timestamp.format(result.sentAt)),
            "digest": .string(result.digest),
        ]
    }
}
