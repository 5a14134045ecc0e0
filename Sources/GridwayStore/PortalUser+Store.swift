import Foundation
import GridwayCore
import GridwayJSON
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
}
