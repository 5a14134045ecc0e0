import Foundation
import GridwayCore
import GridwayJSON
import Testing

@testable import GridwayStore

private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())

private func report(_ minutes: Int, unit: String = "210102001001", supersedes: String? = nil) throws
    -> SubmissionRequest
{
    SubmissionRequest(
        contract: try ContractRef(parsing: "elderly-visit@1"), unit: unit, period: "2026-11",
        data: ["durationMinutes": .integer(Int64(minutes)), "notes": "独居老人，状态良好"], supersedes: supersedes)
}

private func accepted(_ outcome: SubmissionOutcome) throws -> Submission {
    guard case .accepted(let submission, _) = outcome else {
        Issue.record("expected acceptance, got \(outcome)")
        throw CancellationError()
    }
    return submission
}

@Suite(.timeLimit(.minutes(3))) struct StoreTests {
    @Test(arguments: StoreBackend.all) func storesAndReadsBackASubmission(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let request = try report(45)
            let submission = try accepted(try await store.submit(request, idempotencyKey: "k1", by: staff))
            #expect(submission.digest == request.digest)
            #expect(submission.status == .accepted)
            let read = try #require(try await store.submission(id: submission.id))
            #expect(read.request == request)
            #expect(read.submittedBy == staff.id)
        }
    }

    @Test(arguments: StoreBackend.all) func sameKeyAndPayloadReplaysTheSameSubmission(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let first = try accepted(try await store.submit(try report(45), idempotencyKey: "k1", by: staff))
            let again = try await store.submit(try report(45), idempotencyKey: "k1", by: staff)
            #expect(again == .replayed(first))
            #expect(try await store.submissions(matching: .init()).items.count == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func sameKeyWithAnotherPayloadIsRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let first = try accepted(try await store.submit(try report(45), idempotencyKey: "k1", by: staff))
            let other = try await store.submit(try report(50), idempotencyKey: "k1", by: staff)
            #expect(other == .idempotencyKeyReused(existing: first))
        }
    }

    @Test(arguments: StoreBackend.all) func keysAreScopedToTheirCredential(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            var colleague = staff
            colleague.id = "key_colleague"
            _ = try accepted(try await store.submit(try report(45), idempotencyKey: "k1", by: staff))
            _ = try accepted(try await store.submit(try report(50), idempotencyKey: "k1", by: colleague))
        }
    }

    @Test(arguments: StoreBackend.all) func correctionSupersedesTheEarlierSubmission(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let original = try accepted(try await store.submit(try report(45), idempotencyKey: "k1", by: staff))
            let correction = try accepted(
                try await store.submit(try report(55, supersedes: original.id), idempotencyKey: "k2", by: staff))
            let earlier = try #require(try await store.submission(id: original.id))
            #expect(earlier.status == .superseded)
            #expect(earlier.supersededBy == correction.id)
            let twice = try await store.submit(try report(60, supersedes: original.id), idempotencyKey: "k3", by: staff)
            #expect(twice == .alreadySuperseded(id: original.id, by: correction.id))
        }
    }

    @Test(arguments: StoreBackend.all) func correctionMustMatchContractUnitAndPeriod(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let original = try accepted(try await store.submit(try report(45), idempotencyKey: "k1", by: staff))
            var otherPeriod = try report(55, supersedes: original.id)
            otherPeriod.period = "2026-10"
            #expect(
                try await store.submit(otherPeriod, idempotencyKey: "k2", by: staff)
                    == .supersededMismatch(id: original.id))
            let elsewhere = try await store.submit(
                try report(55, unit: "210102001002", supersedes: original.id), idempotencyKey: "k4", by: staff)
            #expect(elsewhere == .supersededNotFound(id: original.id), "another unit's submission must look missing")
            let unknown = try await store.submit(try report(55, supersedes: "nope"), idempotencyKey: "k3", by: staff)
            #expect(unknown == .supersededNotFound(id: "nope"))
            #expect(try await store.submissions(matching: .init()).items.count == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func concurrentDuplicatesOfOneKeyStoreOneSubmission(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let outcomes = try await withThrowingTaskGroup(of: SubmissionOutcome.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await temporary.store.submit(try report(45), idempotencyKey: "same", by: staff)
                    }
                }
                return try await group.reduce(into: [SubmissionOutcome]()) { $0.append($1) }
            }
            let accepted = outcomes.compactMap { if case .accepted(let submission, _) = $0 { submission } else { nil } }
            let replayed = outcomes.compactMap { if case .replayed(let submission) = $0 { submission.id } else { nil } }
            #expect(accepted.count == 1)
            #expect(replayed.count == 19 && Set(replayed) == Set(accepted.map(\.id)))
            #expect(try await temporary.store.submissions(matching: .init()).items.count == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func concurrentSubmissionsShareCommitsAndAllSurvive(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try accepted(
                            try await temporary.store.submit(
                                try report(index + 1), idempotencyKey: "k\(index)", by: staff)
                        ).id
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 200)
            try await temporary.withReopened { reopened in
                var seen = 0
                var query = SubmissionQuery(limit: 64)
                repeat {
                    let page = try await reopened.submissions(matching: query)
                    seen += page.items.count
                    query.before = page.nextCursor
                } while query.before != nil
                #expect(seen == 200)
                #expect(try await reopened.verifyAuditChain() == .intact(entries: 200))
            }
        }
    }

    @Test(arguments: StoreBackend.all) func listingFiltersBySubtreeAndIsNewestFirst(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let a = try accepted(
                try await store.submit(try report(1, unit: "210102001001"), idempotencyKey: "a", by: staff))
            let b = try accepted(
                try await store.submit(try report(2, unit: "210102001002"), idempotencyKey: "b", by: staff))
            #expect(try await store.submissions(matching: .init(subtree: "210102001")).items.map(\.id) == [b.id, a.id])
            #expect(try await store.submissions(matching: .init(subtree: "210102001001")).items.map(\.id) == [a.id])
            #expect(try await store.submissions(matching: .init(subtree: "210102002")).items.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func credentialsAreFoundByHashUntilRevoked(_ backend: StoreBackend) async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let key = APIKey.generate()
            let credential = try await store.createCredential(
                name: "和平区 admin", role: .admin, keyHash: key.hash, by: "system")
            #expect(try await store.activeCredential(keyHash: APIKey.hash(of: key.secret)) == credential)
            #expect(try await store.revokeCredential(id: credential.id, by: "cli"))
            #expect(try await store.activeCredential(keyHash: key.hash) == nil)
            #expect(try await store.revokeCredential(id: credential.id, by: "cli") == false)
            let actions = try await store.auditEntries(from: 1, limit: 10).map(\.action)
            #expect(actions == ["credential.created", "credential.revoked"])
        }
    }
}
