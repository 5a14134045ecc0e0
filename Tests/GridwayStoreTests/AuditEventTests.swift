import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Testing

/// The audit entries both engines write, described once by ``AuditEvent``: the action, subject and
/// detail each change is recorded with (what the hash chain covers, so they must not drift).
@Suite struct AuditEventTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func aSubmissionIsAcceptedOrCorrectedWithItsContractUnitDigestAndPeriod() throws {
        var request = SubmissionRequest(
            contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001", period: "2026-11",
            data: ["durationMinutes": 30])
        let accepted = Submission(
            id: "sub_1", request: request, digest: "sha256:a", submittedBy: "key_a", idempotencyKey: "k",
            receivedAt: Self.now)
        let event = AuditEvent.submissionStored(accepted)
        #expect(event.action == "submission.accepted")
        #expect(event.subject == "sub_1")
        #expect(
            event.detail.serializedString()
                == #"{"contract":"elderly-visit@1","unit":"210102001","digest":"sha256:a","period":"2026-11"}"#)

        request.supersedes = "sub_1"
        let corrected = AuditEvent.submissionStored(
            Submission(
                id: "sub_2", request: request, digest: "sha256:b", submittedBy: "key_a", idempotencyKey: "k2",
                receivedAt: Self.now))
        #expect(corrected.action == "submission.corrected")
        #expect(corrected.detail["supersedes"] == "sub_1")
    }

    @Test func aCredentialIsRecordedWithItsNameRoleAndBinding() {
        let upstream = Credential(
            id: "key_u", name: "civil affairs", role: .upstream(target: "civil-affairs", jurisdiction: "210102"),
            createdAt: Self.now)
        #expect(AuditEvent.credentialCreated(upstream).action == "credential.created")
        #expect(AuditEvent.credentialRevoked(upstream).action == "credential.revoked")
        #expect(AuditEvent.credentialRevoked(upstream).subject == "key_u")
        #expect(
            AuditEvent.credentialCreated(upstream).detail.serializedString()
                == #"{"name":"civil affairs","role":"upstream","unit":"210102","target":"civil-affairs"}"#)
        let admin = Credential(id: "key_a", name: "ops", role: .admin, createdAt: Self.now)
        #expect(AuditEvent.credentialCreated(admin).detail.serializedString() == #"{"name":"ops","role":"admin"}"#)
    }

    @Test func targetsDeliveriesAndPortalSessionsHaveTheirOwnActions() {
        #expect(AuditEvent.targetPaused("health").action == "target.paused")
        #expect(AuditEvent.targetResumed("health").action == "target.resumed")
        #expect(AuditEvent.targetResumed("health").detail == [:])
        let delivery = Delivery(
            id: "del_1", subject: .submission("sub_1"), target: "health", state: .pending, createdAt: Self.now)
        #expect(AuditEvent.deliveryReplayed(delivery).action == "delivery.replayed")
        #expect(
            AuditEvent.deliveryReplayed(delivery).detail.serializedString()
                == #"{"target":"health","subject":"submission sub_1"}"#)
        #expect(AuditEvent.resultAcknowledged(resultID: "res_1", unit: "210102").detail == ["unit": "210102"])

        let session = PortalSession(
            tokenHash: "h", principal: .user("usr_1"), createdAt: Self.now, expiresAt: Self.now.addingTimeInterval(3600)
        )
        let signedIn = AuditEvent.portalSignedIn(actor: "usr_1", session)
        #expect(signedIn.action == "portal.signed-in")
        #expect(signedIn.subject == "usr_1")
        #expect(signedIn.detail["method"] == "password")
        #expect(signedIn.detail["expiresAt"] == .string(session.expiresAt.formatted(.iso8601)))
        let byKey = PortalSession(
            tokenHash: "h", principal: .credential("key_a"), createdAt: Self.now, expiresAt: Self.now)
        #expect(AuditEvent.portalSignedIn(actor: "key_a", byKey).detail["method"] == "api-key")
        #expect(AuditEvent.portalSignedOut(actor: "usr_1").action == "portal.signed-out")
        #expect(
            AuditEvent.access(action: "portal.viewed", subject: "sub_1", detail: ["unit": "1"]).action
                == "portal.viewed")
    }
}
