import Foundation
import GridwayCore
import Testing

@testable import GridwayStore

@Suite struct ResultStoreTests {
    private let sender = Credential(
        id: "key_district", name: "district", role: .upstream(target: "district", jurisdiction: "210102"),
        createdAt: Date())

    private func notice(
        _ title: String, to audience: ResultAudience, kind: ResultKind = .notice, expiresAt: Date? = nil
    )
        -> ResultRequest
    {
        ResultRequest(kind: kind, title: title, body: "请各单位知悉。", audience: audience, expiresAt: expiresAt)
    }

    private func published(_ outcome: ResultOutcome) throws -> PublishedResult {
        guard case .published(let result) = outcome else {
            Issue.record("expected a new result, got \(outcome)")
            throw CancellationError()
        }
        return result
    }

    @Test func sameKeyReplaysAndADifferentBodyIsRefused() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let request = notice("停水通知", to: .unit("210102001", scope: .subtree))
        let first = try published(try await store.publish(request, addressedCount: 4, idempotencyKey: "k1", by: sender))
        #expect(
            try await store.publish(request, addressedCount: 4, idempotencyKey: "k1", by: sender) == .replayed(first))
        let other = notice("停电通知", to: .unit("210102001", scope: .subtree))
        #expect(
            try await store.publish(other, addressedCount: 4, idempotencyKey: "k1", by: sender)
                == .idempotencyKeyReused(existing: first))
        #expect(try await store.result(id: first.id) == first)
        let actions = try await store.auditEntries(from: 1, limit: 100).map(\.action)
        #expect(actions == ["result.published"])
        #expect(try await store.verifyAuditChain() == .intact(entries: 1))
    }

    @Test func inboxReachesAUnitThroughItsAncestorsSubtreeOnly() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let toStreet = try published(
            try await store.publish(
                notice("街道通知", to: .unit("210102001", scope: .subtree)), addressedCount: 1, idempotencyKey: "a",
                by: sender))
        _ = try await store.publish(
            notice("仅街道", to: .unit("210102001", scope: .unit)), addressedCount: 1, idempotencyKey: "b", by: sender)
        _ = try await store.publish(
            notice("中华路", to: .units(["210102001002"])), addressedCount: 1, idempotencyKey: "c", by: sender)
        let direct = try published(
            try await store.publish(
                notice("北京街", to: .units(["210102001002", "210102001001"]), kind: .task), addressedCount: 2,
                idempotencyKey: "d",
                by: sender))
        _ = try await store.publish(
            notice("已过期", to: .units(["210102001001"]), expiresAt: Date(timeIntervalSinceNow: -60)), addressedCount: 1,
            idempotencyKey: "e", by: sender)
        let community = InboxQuery(unit: "210102001001", ancestors: ["210102001", "210102", "2101", "21"])
        let page = try await store.inbox(community)
        #expect(page.items.map(\.result.id) == [direct.id, toStreet.id])
        var tasks = community
        tasks.kind = .task
        #expect(try await store.inbox(tasks).items.map(\.result.id) == [direct.id])
        var paged = community
        paged.limit = 1
        let first = try await store.inbox(paged)
        #expect(first.items.map(\.result.id) == [direct.id])
        paged.before = first.nextCursor
        #expect(try await store.inbox(paged).items.map(\.result.id) == [toStreet.id])
        var resumed = community
        resumed.after = toStreet.id
        #expect(try await store.inbox(resumed).items.map(\.result.id) == [direct.id])
    }

    @Test func acknowledgementIsPerUnitIdempotentAndAuditedOnce() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let result = try published(
            try await store.publish(
                notice("防汛通知", to: .unit("210102001", scope: .subtree)), addressedCount: 4, idempotencyKey: "a",
                by: sender))
        let first = try await store.acknowledge(result: result.id, unit: "210102001001", by: "key_community")
        #expect(try await store.acknowledge(result: result.id, unit: "210102001001", by: "key_community") == first)
        let community = InboxQuery(unit: "210102001001", ancestors: ["210102001", "210102"])
        #expect(try await store.inbox(community).items.first?.acknowledgedAt == first)
        var unread = community
        unread.unreadOnly = true
        #expect(try await store.inbox(unread).items.isEmpty)
        let sibling = InboxQuery(unit: "210102001002", ancestors: ["210102001", "210102"], unreadOnly: true)
        #expect(try await store.inbox(sibling).items.map(\.result.id) == [result.id])
        #expect(try await store.acknowledgements(ofResult: result.id) == ["210102001001": first])
        let actions = try await store.auditEntries(from: 1, limit: 100).map(\.action)
        #expect(actions == ["result.published", "result.acknowledged"])
    }

    @Test func idsFollowCommitOrderWithinAMillisecond() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        var ids: [String] = []
        for index in 0..<50 {
            let result = try published(
                try await store.publish(
                    notice("通知\(index)", to: .units(["210102001"])), addressedCount: 1, idempotencyKey: "k\(index)",
                    by: sender))
            ids.append(result.id)
        }
        #expect(ids == ids.sorted())
    }
}

@Suite struct ResultTaskStoreTests {
    @Test func aTaskRoundTripsAndFirstSubmissionsKeepTheOriginalsTime() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let sender = Credential(
            id: "key_district", name: "district", role: .upstream(target: "district", jurisdiction: "210102"),
            createdAt: Date())
        let contract = try ContractRef(parsing: "elderly-visit@1")
        let task = ResultTask(contract: contract, period: "2026-11", dueAt: Date(timeIntervalSince1970: 1_796_486_400))
        let request = ResultRequest(
            kind: .task, title: "十一月走访", body: "请填报", audience: .unit("210102001", scope: .subtree), task: task)
        guard
            case .published(let result) = try await store.publish(
                request, addressedCount: 12, idempotencyKey: "t", by: sender)
        else { throw CancellationError() }
        #expect(try await store.result(id: result.id)?.request.task == task)

        let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())
        func report(_ unit: String, supersedes: String? = nil) -> SubmissionRequest {
            SubmissionRequest(
                contract: contract, unit: unit, period: "2026-11", data: ["durationMinutes": 30], supersedes: supersedes
            )
        }
        guard
            case .accepted(let original, _) = try await store.submit(
                report("210102001001"), idempotencyKey: "a", by: staff)
        else { throw CancellationError() }
        _ = try await store.submit(report("210102001001", supersedes: original.id), idempotencyKey: "b", by: staff)
        _ = try await store.submit(report("210102002001"), idempotencyKey: "c", by: staff)
        let first = try await store.firstSubmissions(contract: contract, period: "2026-11", within: "210102001")
        #expect(first == ["210102001001": original.receivedAt])
    }
}
