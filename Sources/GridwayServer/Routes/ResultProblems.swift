import GridwayCore
import GridwayJSON
import HTTPTypes
import OrderedCollections

/// The problem types of results and inboxes.
extension Problem {
    static func invalidResult(_ error: ResultRequestError) -> Problem {
        invalidRequest(error.violations.map { .init(instanceLocation: $0.location.description, message: $0.message) })
    }

    static func resultKeyReused(existing: String) -> Problem {
        Problem(
            .unprocessableContent, .idempotencyKeyReused, title: "Idempotency key reused with a different body",
            detail: "this Idempotency-Key was already used for result \(existing) with a different payload",
            extensions: ["result": .string(existing)])
    }

    static func wrongRole(_ credential: Credential, needs roles: String) -> Problem {
        forbidden("this credential is \(credential.role.name); this needs \(roles)")
    }
}
