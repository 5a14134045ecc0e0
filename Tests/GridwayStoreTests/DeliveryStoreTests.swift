import Foundation
import GridwayCore
import GridwayJSON
import Testing

@testable import GridwayStore

private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())

private func visit(_ minutes: Int, supersedes: String? = nil) throws -> SubmissionRequest {
    SubmissionRequest(
        contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: "2026-11",
        data: ["durationMinutes": .integer(Int64(minutes))], supersedes: supersedes)
}

private func submit(_ store: any Store, _ request: SubmissionRequest, key: String, targets: [String]) async throws
    -> Submission
{
    guard
        case .accepted(let submission, _) = try await store.submit(
            request, idempotencyKey: key, by: staff, targets: targets)
    else { throw StoreError.corruptRow(table: "test", id: key, reason: "not accepted") }
    return submission
}

@Suite(.timeLimit(.minutes(3))) struct DeliveryStoreTests {
    @Test(arguments: StoreBackend.all) func acceptanceCreatesOnePendingDeliveryPerTargetDueAtOnce(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { temporary in
            let submission = try await submit(temporary.store, try visit(30), key: "a", targets: ["civil", "health"])
            let deliveries = try await temporary.store.deliveries(ofSubmission: submission.id)
            #expect(deliveries.map(\.target) == ["civil", "health"])
            #expect(deliveries.allSatisfy { $0.state == .pending && $0.attempts == 0 })
            #expect(DeliveryRollup(deliveries) == .delivering)
            #expect(try await temporary.store.nextDeliveryDue(target: "civil") == submission.receivedAt)
            #expect(try await temporary.store.nextDeliveryDue(target: "elsewhere") == nil)
            #expect(deliveries[0].idempotencyKey == "gridway:\(submission.id):civil")
        }
    }

    @Test(arguments: StoreBackend.all) func submissionsAreListedByTheTargetTheyAreDeliveredTo(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let both = try await submit(temporary.store, try visit(30), key: "a", targets: ["civil", "health"])
            let health = try await submit(temporary.store, try visit(31), key: "b", targets: ["health"])
            _ = try await submit(temporary.store, try visit(32), key: "c", targets: [])
            func listed(_ target: String?) async throws -> [String] {
                try await temporary.store.submissions(matching: SubmissionQuery(deliveredTo: target)).items.map(\.id)
            }
            #expect(try await listed("civil") == [both.id])
            #expect(try await listed("health") == [health.id, both.id])
            #expect(try await listed("elsewhere").isEmpty)
            #expect(try await listed(nil).count == 3)
        }
    }

    @Test(arguments: StoreBackend.all) func claimsAreLeasedAndExpiredLeasesAreClaimedAgain(_ backend: StoreBackend)
        async throws
    {
        let clock = TestClock()
        try await backend.withStore(clock: clock) { temporary in
            let submission = try await submit(temporary.store, try visit(30), key: "a", targets: ["civil"])
            let first = try await temporary.store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            #expect(first.map(\.payload) == [.submission(submission)])
            #expect(first.first?.delivery.state == .inFlight)
            #expect(
                try await temporary.store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60)).isEmpty)

            // A dispatcher that dies leaves its lease to expire; the delivery is then claimed again.
            clock.advance(by: .seconds(30))
            let other = try await submit(temporary.store, try visit(31), key: "b", targets: ["civil"])
            _ = try await temporary.store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(10))
            clock.advance(by: .seconds(10) - .milliseconds(1))
            #expect(
                try await temporary.store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60)).isEmpty,
                "a millisecond before the lease runs out")
            clock.advance(by: .milliseconds(1))
            let reclaimed = try await temporary.store.claimDueDeliveries(
                target: "civil", limit: 10, lease: .seconds(60))
            #expect(reclaimed.map(\.payload) == [.submission(other)], "the first claim's lease still runs")
        }
    }

    @Test(arguments: StoreBackend.all) func aRestartReclaimsLeasesAtOnceOnlyWhereTheProcessIsAlone(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { temporary in
            let crashed = try await submit(temporary.store, try visit(30), key: "a", targets: ["civil"])
            let waiting = try await submit(temporary.store, try visit(31), key: "b", targets: ["civil"])
            // The first run claims both, records a retry an hour ahead for one, and dies before the other's outcome.
            let claimed = try await temporary.store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            let waitingDelivery = try #require(claimed.first { $0.payload == .submission(waiting) }).delivery
            #expect(
                try await temporary.store.record(
                    .retry(error: "status 503", nextAttemptAt: Date().addingTimeInterval(3600)),
                    forDelivery: waitingDelivery.id))

            try await temporary.withReopened { restarted in
                let reclaimed = try await restarted.reclaimOrphanedDeliveries()
                let claimedAgain = try await restarted.claimDueDeliveries(
                    target: "civil", limit: 10, lease: .seconds(60))
                switch backend {
                case .sqlite:
                    #expect(reclaimed == 1, "only the delivery left in flight")
                    #expect(
                        claimedAgain.map(\.payload) == [.submission(crashed)],
                        "claimable at once, its retry still waits")
                case .postgres:
                    #expect(reclaimed == 0)
                    #expect(claimedAgain.isEmpty, "a lease another replica may hold runs out first")
                }
            }
        }
    }

    @Test(arguments: StoreBackend.all) func outcomesAreRecordedOnlyForClaimedDeliveries(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let submission = try await submit(store, try visit(30), key: "a", targets: ["civil", "health"])
            let civil = try #require(
                try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60)).first
            ).delivery
            let health = try #require(
                try await store.claimDueDeliveries(target: "health", limit: 10, lease: .seconds(60)).first
            ).delivery
            #expect(try await store.record(.delivered(receipt: "MZ-001"), forDelivery: civil.id))
            #expect(try await store.record(.delivered(receipt: "again"), forDelivery: civil.id) == false)
            let retryAt = Date().addingTimeInterval(30)
            #expect(try await store.record(.retry(error: "503", nextAttemptAt: retryAt), forDelivery: health.id))
            let deliveries = try await store.deliveries(ofSubmission: submission.id)
            #expect(deliveries.first { $0.target == "civil" }?.receipt == "MZ-001")
            let retrying = try #require(deliveries.first { $0.target == "health" })
            #expect(retrying.state == .retrying && retrying.attempts == 1 && retrying.lastError == "503")
            #expect(
                try await store.claimDueDeliveries(target: "health", limit: 10, lease: .seconds(60)).isEmpty,
                "not due yet")
        }
    }

    @Test(arguments: StoreBackend.all) func deadDeliveriesAreReplayedAndTheReplayIsAudited(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            _ = try await submit(store, try visit(30), key: "a", targets: ["civil"])
            let claimed = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            _ = try await store.record(.dead(error: "400 bad request"), forDelivery: claimed[0].delivery.id)
            #expect(try await store.deliveries(matching: .init(state: .dead)).items.count == 1)
            #expect(
                try await store.replayDeadDeliveries(ids: [], target: "civil", outOfOrder: false, by: "key_admin")
                    .replayed == 1)
            let replayed = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            #expect(replayed.count == 1 && replayed[0].delivery.attempts == 0)
            let actions = try await store.auditEntries(from: 1, limit: 10).map(\.action)
            #expect(actions.last == "delivery.replayed")
            #expect(try await store.verifyAuditChain() == .intact(entries: 2))
        }
    }

    @Test(arguments: StoreBackend.all) func aCorrectionFollowsTheOriginalToItsTargets(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let original = try await submit(store, try visit(30), key: "a", targets: ["civil", "health"])
            let civil = try #require(
                try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60)).first)
            _ = try await store.record(.delivered(receipt: "MZ-001"), forDelivery: civil.delivery.id)

            // Routing passes no targets for a correction: it goes where the original went.
            let correction = try await submit(
                store, try visit(45, supersedes: original.id), key: "b", targets: ["ignored"])
            let corrected = try await store.deliveries(ofSubmission: correction.id)
            #expect(corrected.map(\.target) == ["civil", "health"])
            #expect(
                corrected[0].correction
                    == Delivery.Correction(originalSubmissionID: original.id, originalReceipt: "MZ-001"))
            #expect(
                corrected[1].correction == nil,
                "health never got the original: it gets the correction as a plain report")
            let originals = try await store.deliveries(ofSubmission: original.id)
            #expect(originals.first { $0.target == "health" }?.state == .cancelled)
            #expect(try await store.record(.delivered(receipt: "late"), forDelivery: originals[1].id) == false)
        }
    }

    @Test(arguments: StoreBackend.all) func pausesAreKeptAndAuditedAndTheBacklogIsCounted(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            _ = try await submit(store, try visit(30), key: "a", targets: ["civil", "health"])
            try await store.setTarget("health", paused: true, by: "key_admin")
            #expect(try await store.pausedTargets() == ["health"])
            _ = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            try await store.setTarget("health", paused: false, by: "key_admin")
            #expect(
                try await store.auditEntries(from: 1, limit: 10).map(\.action).suffix(2) == [
                    "target.paused", "target.resumed",
                ])
            #expect(try await store.pausedTargets().isEmpty)
            let backlog = try await store.deliveryBacklog()
            #expect(backlog.map(\.target) == ["civil", "health"])
            #expect(backlog[1].counts[.pending] == 1 && backlog[1].oldestOutstanding != nil)
        }
    }
}
