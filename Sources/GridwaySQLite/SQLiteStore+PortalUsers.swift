import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayStore

/// One row of `portal_user`.
struct PortalUserRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "portal_user"

    var id: String
    var username: String
    var displayName: String
    var role: String
    var unit: String?
    var passwordHash: String
    var createdAt: Int64
    var disabledAt: Int64?

    init(_ user: PortalUser) {
        id = user.id
        username = user.username
        displayName = user.displayName
        role = user.role.name
        unit = user.role.scopeRoot
        passwordHash = user.passwordHash
        createdAt = EpochMilliseconds.of(user.createdAt)
        disabledAt = user.disabledAt.map(EpochMilliseconds.of)
    }

    func user() throws -> PortalUser {
        let decoded: CredentialRole =
            switch (role, unit) {
            case ("staff", let unit?): .staff(unit: unit)
            case ("admin", nil): .admin
            default: throw StoreError.corruptRow(table: Self.databaseTableName, id: id, reason: "invalid role \(role)")
            }
        return PortalUser(
            id: id, username: username, displayName: displayName, role: decoded, passwordHash: passwordHash,
            createdAt: EpochMilliseconds.date(createdAt), disabledAt: disabledAt.map(EpochMilliseconds.date))
    }
}

/// One row of `portal_session`.
struct PortalSessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "portal_session"

    var tokenHash: String
    var credentialID: String?
    var userID: String?
    var createdAt: Int64
    var expiresAt: Int64

    init(_ session: PortalSession) {
        tokenHash = session.tokenHash
        switch session.principal {
        case .credential(let id): credentialID = id
        case .user(let id): userID = id
        }
        createdAt = EpochMilliseconds.of(session.createdAt)
        expiresAt = EpochMilliseconds.of(session.expiresAt)
    }

    func session() throws -> PortalSession {
        let principal: PortalSession.Principal
        switch (credentialID, userID) {
        case (let id?, nil): principal = .credential(id)
        case (nil, let id?): principal = .user(id)
        default:
            throw StoreError.corruptRow(table: Self.databaseTableName, id: tokenHash, reason: "no single principal")
        }
        return PortalSession(
            tokenHash: tokenHash, principal: principal, createdAt: EpochMilliseconds.date(createdAt),
            expiresAt: EpochMilliseconds.date(expiresAt))
    }
}

extension SQLiteStore {
    public func createPortalUser(
        username: String, displayName: String, role: CredentialRole, passwordHash: String, by actor: String
    ) async throws -> PortalUser? {
        let now = EpochMilliseconds.now()
        let user = PortalUser.created(
            username: username, displayName: displayName, role: role, passwordHash: passwordHash, at: now)
        return try await pool.write { db in
            guard try PortalUserRecord.filter(Column("username") == username).fetchCount(db) == 0 else { return nil }
            try PortalUserRecord(user).insert(db)
            var audit = try AuditLog(db)
            try audit.append(.portalUserCreated(user), by: actor, at: now)
            return user
        }
    }

    public func portalUser(username: String) async throws -> PortalUser? {
        try await pool.read { db in try PortalUserRecord.filter(Column("username") == username).fetchOne(db)?.user() }
    }

    public func portalUser(id: String) async throws -> PortalUser? {
        try await pool.read { db in try PortalUserRecord.fetchOne(db, key: id)?.user() }
    }

    public func portalUsers() async throws -> [PortalUser] {
        try await pool.read { db in try PortalUserRecord.order(Column("username")).fetchAll(db).map { try $0.user() } }
    }

    public func setPortalUser(username: String, disabled: Bool, by actor: String) async throws -> Bool {
        let now = EpochMilliseconds.now()
        return try await pool.write { db in
            guard var record = try PortalUserRecord.filter(Column("username") == username).fetchOne(db) else {
                return false
            }
            record.disabledAt = disabled ? EpochMilliseconds.of(now) : nil
            try record.update(db)
            if disabled { try PortalSessionRecord.filter(Column("userID") == record.id).deleteAll(db) }
            var audit = try AuditLog(db)
            let user = try record.user()
            try audit.append(disabled ? .portalUserDisabled(user) : .portalUserEnabled(user), by: actor, at: now)
            return true
        }
    }

    public func beginPortalSession(_ session: PortalSession, actor: String) async throws {
        try await pool.write { db in
            try PortalSessionRecord(session).insert(db)
            try PortalSessionRecord.filter(Column("expiresAt") < EpochMilliseconds.of(session.createdAt)).deleteAll(db)
            var audit = try AuditLog(db)
            try audit.append(.portalSignedIn(actor: actor, session), by: actor, at: session.createdAt)
        }
    }

    public func portalSession(tokenHash: String, at now: Date) async throws -> PortalSession? {
        try await pool.read { db in
            try PortalSessionRecord.filter(
                Column("tokenHash") == tokenHash && Column("expiresAt") > EpochMilliseconds.of(now)
            ).fetchOne(db)?.session()
        }
    }

    public func endPortalSession(tokenHash: String, actor: String) async throws {
        let now = EpochMilliseconds.now()
        try await pool.write { db in
            guard try PortalSessionRecord.deleteOne(db, key: tokenHash) else { return }
            var audit = try AuditLog(db)
            try audit.append(.portalSignedOut(actor: actor), by: actor, at: now)
        }
    }

    public func activeCredential(id: String) async throws -> Credential? {
        try await pool.read { db in
            try CredentialRecord.filter(Column("id") == id && Column("revokedAt") == nil).fetchOne(db)?.credential()
        }
    }

    public func recordAccess(actor: String, action: String, subject: String, detail: JSONValue) async throws {
        let now = EpochMilliseconds.now()
        try await pool.write { db in
            var audit = try AuditLog(db)
            try audit.append(.access(action: action, subject: subject, detail: detail), by: actor, at: now)
        }
    }
}
