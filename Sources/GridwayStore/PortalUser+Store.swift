import Foundation
import GridwayCore
import OrderedCollections

extension PortalUser {
    /// A user about to be created at `now`, with a fresh id and no failed sign-ins.
    package static func created(
        username: String, displayName: String, role: CredentialRole, passwordHash: String, at now: Date
    ) -> PortalUser {
        PortalUser(
            id: TimeOrderedID.make(at: now, prefix: "usr_"), username: username, displayName: displayName, role: role,
            passwordHash: passwordHash, createdAt: now)
    }

    /// What audit entries about the user record: username, role and unit.
    package var auditDetail: JSONValue {
        var detail: OrderedDictionary<String, JSONValue> = ["username": .string(username), "role": .string(role.name)]
        if let unit = role.scopeRoot { detail["unit"] = .string(unit) }
        return .object(detail)
    }

    /// Counts one more refused sign-in, locking the user until `now + lockFor` after `lockAfter` in a
    /// row; returns the audit action and detail to record.
    package mutating func recordFailedSignIn(reason: String, lockAfter: Int, lockFor: Duration, now: Date)
        -> (action: String, detail: JSONValue)
    {
        failedAttempts += 1
        var detail: OrderedDictionary<String, JSONValue> = [
            "reason": .string(reason), "failedAttempts": .integer(Int64(failedAttempts)),
        ]
        guard failedAttempts >= lockAfter else { return ("portal.sign-in-refused", .object(detail)) }
        let until = EpochMilliseconds.date(
            EpochMilliseconds.of(now.addingTimeInterval(TimeInterval(lockFor.components.seconds))))
        lockedUntil = until
        failedAttempts = 0
        detail["lockedUntil"] = .string(until.formatted(.iso8601))
        return ("portal.user-locked", .object(detail))
    }
}
