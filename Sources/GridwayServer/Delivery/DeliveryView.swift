import GridwayCore
import GridwayJSON
import OrderedCollections

/// The JSON shape of deliveries in replies.
enum DeliveryView {
    static func delivery(_ delivery: Delivery) -> JSONValue {
        var members: OrderedDictionary<String, JSONValue> = ["id": .string(delivery.id)]
        switch delivery.subject {
        case .submission(let id): members["submission"] = .string(id)
        case .result(let id, let unit):
            members["result"] = .string(id)
            members["unit"] = .string(unit)
        }
        members["target"] = .string(delivery.target)
        members["state"] = .string(delivery.state.rawValue)
        members["attempts"] = .integer(Int64(delivery.attempts))
        if let next = delivery.nextAttemptAt { members["nextAttemptAt"] = .string(Timestamp.format(next)) }
        if let error = delivery.lastError { members["lastError"] = .string(error) }
        if let receipt = delivery.receipt { members["receipt"] = .string(receipt) }
        if let delivered = delivery.deliveredAt { members["deliveredAt"] = .string(Timestamp.format(delivered)) }
        if let deadline = delivery.deadline {
            members["deadline"] = .string(Timestamp.format(deadline))
            // Landed after the deadline; one not delivered yet is late once the deadline has passed.
            if let delivered = delivery.deliveredAt { members["late"] = .bool(delivered > deadline) }
        }
        if let correction = delivery.correction {
            members["correctionOf"] = .object([
                "submission": .string(correction.originalSubmissionID),
                "receipt": correction.originalReceipt.map(JSONValue.string) ?? .null,
            ])
        }
        return .object(members)
    }
}
