import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Testing

@Suite(.timeLimit(.minutes(3))) struct PortalUserStoreTests {
    @Test(arguments: StoreBackend.all) func usersSignInAndAreDisabledWithTheirSessions(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let user = try #require(
                try await store.createPortalUser(
                    username: "liximei", displayName: "李晓梅", role: .staff(unit: "210102001"), passwordHash: "scrypt$x",
                    by: "key_admin"))
            #expect(
                try await store.createPortalUser(
                    username: "liximei", displayName: "又一个", role: .admin, passwordHash: "scrypt$y", by: "key_admin")
                    == nil, "usernames are unique")
            #expect(try await store.portalUser(username: "liximei") == user)
            #expect(try await store.portalUser(id: user.id) == user)
            #expect(try await store.portalUsers().map(\.username) == ["liximei"])

            let now = EpochMilliseconds.date(EpochMilliseconds.of(Date()))
            let session = PortalSession(
                tokenHash: "hash1", principal: .user(user.id), createdAt: now, expiresAt: now.addingTimeInterval(3600))
            try await store.beginPortalSession(session, actor: user.id)
            #expect(try await store.portalSession(tokenHash: "hash1", at: now) == session)
            #expect(try await store.portalSession(tokenHash: "hash1", at: now.addingTimeInterval(7200)) == nil)
            #expect(try await store.setPortalUser(username: "liximei", disabled: true, by: "key_admin"))
            #expect(try await store.portalSession(tokenHash: "hash1", at: now) == nil, "disabling ends the sessions")
            #expect(try await store.portalUser(id: user.id)?.disabledAt != nil)
            #expect(try await store.setPortalUser(username: "nobody", disabled: true, by: "key_admin") == false)

            let keySession = PortalSession(
                tokenHash: "hash2", principal: .credential("key_x"), createdAt: now,
                expiresAt: now.addingTimeInterval(60))
            try await store.beginPortalSession(keySession, actor: "key_x")
            try await store.endPortalSession(tokenHash: "hash2", actor: "key_x")
            #expect(try await store.portalSession(tokenHash: "hash2", at: now) == nil)
            try await store.recordAccess(
                actor: "key_x", action: "portal.revealed", subject: "s1", detail: ["field": "phone"])
            let actions = try await store.auditEntries(from: 1, limit: 20).map(\.action)
            #expect(
                actions == [
                    "portal.user-created", "portal.signed-in", "portal.user-disabled", "portal.signed-in",
                    "portal.signed-out", "portal.revealed",
                ])
            #expect(try await store.verifyAuditChain() == .intact(entries: 6))
        }
    }
}
