import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// A change the store audits, described once for every engine: each engine appends the event's
/// ``action``, ``subject`` and ``detail`` to its audit chain in the transaction that made the change.
public enum AuditEvent: Sendable {
    case credentialCreated(Credential)
    case credentialRevoked(Credential)
    /// A submission stored: accepted, or a correction when it supersedes another.
    case submissionStored(Submission)
    case resultPublished(PublishedResult, notifications: Int)
    case resultAcknowledged(resultID: String, unit: String)
    case deliveryReplayed(Delivery)
    case targetPaused(String)
    case targetResumed(String)
    case portalUserCreated(PortalUser)
    case portalUserDisabled(PortalUser)
    case portalUserEnabled(PortalUser)
    case portalSignedIn(actor: String, PortalSession)
    case portalSignedOut(actor: String)
    /// A submission's personal data erased (``RetentionStore/erasePersonalData(_:by:at:)``).
    case personalDataErased(PersonalDataErasure)
    /// An access the server records as it names it
    /// (see ``PortalUserStore/recordAccess(actor:action:subject:detail:)``).
    case access(action: String, subject: String, detail: JSONValue)

    /// The entry's action, such as `submission.accepted`.
    public var action: String {
        switch self {
        case .credentialCreated: "credential.created"
        case .credentialRevoked: "credential.revoked"
        case .submissionStored(let submission):
            submission.request.supersedes == nil ? "submission.accepted" : "submission.corrected"
        case .resultPublished: "result.published"
        case .resultAcknowledged: "result.acknowledged"
        case .deliveryReplayed: "delivery.replayed"
        case .targetPaused: "target.paused"
        case .targetResumed: "target.resumed"
        case .portalUserCreated: "portal.user-created"
        case .portalUserDisabled: "portal.user-disabled"
        case .portalUserEnabled: "portal.user-enabled"
        case .portalSignedIn: "portal.signed-in"
        case .portalSignedOut: "portal.signed-out"
        case .personalDataErased: "submission.personal-data-erased"
        case .access(let action, _, _): action
        }
    }

    /// The id of what the entry is about.
    public var subject: String {
        switch self {
        case .credentialCreated(let credential), .credentialRevoked(let credential): credential.id
        case .submissionStored(let submission): submission.id
        case .resultPublished(let result, _): result.id
        case .resultAcknowledged(let resultID, _): resultID
        case .deliveryReplayed(let delivery): delivery.id
        case .targetPaused(let target), .targetResumed(let target): target
        case .portalUserCreated(let user), .portalUserDisabled(let user), .portalUserEnabled(let user): user.id
        case .portalSignedIn(let actor, _), .portalSignedOut(let actor): actor
        case .personalDataErased(let erasure): erasure.submissionID
        case .access(_, let subject, _): subject
        }
    }

    /// What the entry records beside its action and subject.
    public var detail: JSONValue {
        switch self {
        case .credentialCreated(let credential), .credentialRevoked(let credential): Self.detail(of: credential)
        case .submissionStored(let submission): Self.detail(of: submission)
        case .resultPublished(let result, let notifications): result.publicationDetail(notifications: notifications)
        case .resultAcknowledged(_, let unit): ["unit": .string(unit)]
        case .deliveryReplayed(let delivery):
            ["target": .string(delivery.target), "subject": .string(delivery.subject.description)]
        case .targetPaused, .targetResumed, .portalSignedOut: [:]
        case .portalUserCreated(let user), .portalUserDisabled(let user), .portalUserEnabled(let user): user.auditDetail
        case .portalSignedIn(_, let session):
            [
                "method": .string(session.principal.signInMethod),
                "expiresAt": .string(session.expiresAt.formatted(.iso8601)),
            ]
        case .personalDataErased(let erasure): erasure.auditDetail
        case .access(_, _, let detail): detail
        }
    }

    /// A credential's name, role, and the unit or target it is bound to.
    private static func detail(of credential: Credential) -> JSONValue {
        var detail: OrderedDictionary<String, JSONValue> = [
            "name": .string(credential.name), "role": .string(credential.role.name),
        ]
        if let root = credential.role.scopeRoot { detail["unit"] = .string(root) }
        if case .upstream(let target, _) = credential.role { detail["target"] = .string(target) }
        return .object(detail)
    }

    /// A submission's contract, unit, digest, and its period and the submission it supersedes where it has them.
    private static func detail(of submission: Submission) -> JSONValue {
        let request = submission.request
        var detail: OrderedDictionary<String, JSONValue> = [
            "contract": .string(request.contract.description), "unit": .string(request.unit),
            "digest": .string(submission.digest),
        ]
        if let period = request.period { detail["period"] = .string(period) }
        if let supersedes = request.supersedes { detail["supersedes"] = .string(supersedes) }
        return .object(detail)
    }
}

extension PortalSession.Principal {
    /// How the session's holder signed in, as the audit records it.
    fileprivate var signInMethod: String {
        switch self {
        case .credential: "api-key"
        case .user: "password"
        }
    }
}
