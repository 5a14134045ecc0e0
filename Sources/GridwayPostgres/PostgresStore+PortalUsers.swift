import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import PostgresNIO

extension PostgresStore {
    public func createPortalUser(
        username: String, displayName: String, role: CredentialRole, passwordHash: String, by actor: String
    ) async throws -> PortalUser? {
        let now = EpochMilliseconds.now()
        let user = PortalUser.created(
            username: username, displayName: displayName, role: role, passwordHash: passwordHash, at: now)
        return try await audited { connection, audit in
            guard
                try await connection.row(
                    """
                    INSERT INTO portal_user (id, username, displayName, role, unit, passwordHash, createdAt)
                    VALUES (\(user.id), \(username), \(displayName), \(role.name), \(role.scopeRoot), \(passwordHash),
                            \(EpochMilliseconds.of(now)))
                    ON CONFLICT (username) DO NOTHING RETURNING id
                    """, logger: logger) != nil
            else { return nil }
            audit.append(.portalUserCreated(user), by: actor, at: now)
            return user
        }
    }

    public func portalUser(username: String) async throws -> PortalUser? {
        try await read { connection in
            try await connection.row("SELECT * FROM portal_user WHERE username = \(username)", logger: logger)
                .map(Self.portalUser(from:))
        }
    }

    public func portalUser(id: String) async throws -> PortalUser? {
        try await read { connection in
            try await connection.row("SELECT * FROM portal_user WHERE id = \(id)", logger: logger).map(
                Self.portalUser(from:))
        }
    }

    public func portalUsers() async throws -> [PortalUser] {
        try await read { connection in
            try await connection.rows("SELECT * FROM portal_user ORDER BY username", logger: logger)
                .map(Self.portalUser(from:))
        }
    }

    public func setPortalUser(username: String, disabled: Bool, by actor: String) async throws -> Bool {
        let now = EpochMilliseconds.now()
        return try await audited { connection, audit in
            let disabledAt = disabled ? EpochMilliseconds.of(now) : nil
            guard
                let row = try await connection.row(
                    """
                    UPDATE portal_user
                    SET disabledAt = \(disabledAt)
                    WHERE username = \(username) RETURNING *
                    """, logger: logger)
            else { return false }
            let user = try Self.portalUser(from: row)
            if disabled {
                try await connection.run("DELETE FROM portal_session WHERE userID = \(user.id)", logger: logger)
            }
            audit.append(disabled ? .portalUserDisabled(user) : .portalUserEnabled(user), by: actor, at: now)
            return true
        }
    }

    public func beginPortalSession(_ session: PortalSession, actor: String) async throws {
        let (credentialID, userID): (String?, String?) =
            switch session.principal {
            case .credential(let id): (id, nil)
            case .user(let id): (nil, id)
            }
        try await audited { connection, audit in
            try await connection.run(
                """
                INSERT INTO portal_session (tokenHash, credentialID, userID, createdAt, expiresAt)
                VALUES (\(session.tokenHash), \(credentialID), \(userID), \(EpochMilliseconds.of(session.createdAt)),
                        \(EpochMilliseconds.of(session.expiresAt)))
                """, logger: logger)
            try await connection.run(
                "DELETE FROM portal_session WHERE expiresAt < \(EpochMilliseconds.of(session.createdAt))",
                logger: logger)
            audit.append(.portalSignedIn(actor: actor, session), by: actor, at: session.createdAt)
        }
    }

    public func portalSession(tokenHash: String, at now: Date) async throws -> PortalSession? {
        try await read { connection in
            try await connection.row(
                """
                SELECT * FROM portal_session WHERE tokenHash = \(tokenHash) AND expiresAt > \(EpochMilliseconds.of(now))
                """, logger: logger
            ).map(Self.portalSession(from:))
        }
    }

    public func endPortalSession(tokenHash: String, actor: String) async throws {
        let now = EpochMilliseconds.now()
        try await audited { connection, audit in
            guard
                try await connection.row(
                    "DELETE FROM portal_session WHERE tokenHash = \(tokenHash) RETURNING tokenHash", logger: logger)
                    != nil
            else { return }
            audit.append(.portalSignedOut(actor: actor), by: actor, at: now)
        }
    }

    public func activeCredential(id: String) async throws -> Credential? {
        try await read { connection in
            try await connection.row("SELECT * FROM credential WHERE id = \(id) AND revokedAt IS NULL", logger: logger)
                .map(Self.credential(from:))
        }
    }

    public func recordAccess(actor: String, action: String, subject: String, detail: JSONValue) async throws {
        let now = EpochMilliseconds.now()
        try await audited { _, audit in
            audit.append(.access(action: action, subject: subject, detail: detail), by: actor, at: now)
        }
    }

    private static func portalUser(from row: PostgresRandomAccessRow) throws -> PortalUser {
        let id: String = try row.value("id")
        let role: String = try row.value("role")
        let decoded: CredentialRole =
            switch (role, try row.value("unit", as: String?.self)) {
            case ("staff", let unit?): .staff(unit: unit)
            case ("admin", nil): .admin
            default: throw StoreError.corruptRow(table: "portal_user", id: id, reason: "invalid role \(role)")
            }
        return PortalUser(
            id: id, username: try row.value("username"), displayName: try row.value("displayname"), role: decoded,
            passwordHash: try row.value("passwordhash"), createdAt: EpochMilliseconds.date(try row.value("createdat")),
            disabledAt: try row.value("disabledat", as: Int64?.self).map(EpochMilliseconds.date))
    }

    private static func portalSession(from row: PostgresRandomAccessRow) throws -> PortalSession {
        let tokenHash: String = try row.value("tokenhash")
        let principal: PortalSession.Principal
        switch (try row.value("credentialid", as: String?.self), try row.value("userid", as: String?.self)) {
        case (let id?, nil): principal = .credential(id)
        case (nil, let id?): principal = .user(id)
        default: throw StoreError.corruptRow(table: "portal_session", id: tokenHash, reason: "no single principal")
        }
        return PortalSession(
            tokenHash: tokenHash, principal: principal, createdAt: EpochMilliseconds.date(try row.value("createdat")),
            expiresAt: EpochMilliseconds.date(try row.value("expiresat")))
    }
}
