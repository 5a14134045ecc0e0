import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import Testing

@testable import GridwaySQLite
@testable import GridwayStore

@Suite(.timeLimit(.minutes(3))) struct ResultStoreTests {
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

    @Test(arguments: StoreBackend.all) func sameKeyReplaysAndADifferentBodyIsRefused(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let request = notice("停水通知", to: .unit("210102001", scope: .subtree))
            let first = try published(
                try await store.publish(request, addressedCount: 4, idempotencyKey: "k1", by: sender))
            #expect(
                try await store.publish(request, addressedCount: 4, idempotencyKey: "k1", by: sender)
                    == .replayed(first))
            let other = notice("停电通知", to: .unit("210102001", scope: .subtree))
            #expect(
                try await store.publish(other, addressedCount: 4, idempotencyKey: "k1", by: sender)
                    == .idempotencyKeyReused(existing: first))
            #expect(try await store.result(id: first.id) == first)
            let actions = try await store.auditEntries(from: 1, limit: 100).map(\.action)
            #expect(actions == ["result.published"])
            #expect(try await store.verifyAuditChain() == .intact(entries: 1))
        }
    }

    @Test(arguments: StoreBackend.all) func inboxReachesAUnitThroughItsAncestorsSubtreeOnly(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
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
                notice("已过期", to: .units(["210102001001"]), expiresAt: Date(timeIntervalSinceNow: -60)),
                addressedCount: 1,
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
            let second = try await store.inbox(paged)
            #expect(second.items.map(\.result.id) == [toStreet.id])
            #expect(second.nextCursor == nil)
            var resumed = community
            resumed.after = toStreet.id
            #expect(try await store.inbox(resumed).items.map(\.result.id) == [direct.id])
        }
    }

    @Test(arguments: StoreBackend.all) func acknowledgementIsPerUnitIdempotentAndAuditedOnce(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
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
    }

    @Test(arguments: StoreBackend.all) func idsFollowCommitOrderWithinAMillisecond(_ backend: StoreBackend) async throws
    {
        try await backend.withStore { temporary in
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
}

@Suite(.timeLimit(.minutes(3))) struct ResultTaskStoreTests {
    @Test(arguments: StoreBackend.all) func aTaskRoundTripsAndFirstSubmissionsKeepTheOriginalsTime(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let sender = Credential(
                id: "key_district", name: "district", role: .upstream(target: "district", jurisdiction: "210102"),
                createdAt: Date())
            let contract = try ContractRef(parsing: "elderly-visit@1")
            let task = ResultTask(
                contract: contract, period: "2026-11", dueAt: Date(timeIntervalSince1970: 1_796_486_400))
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
                    contract: contract, unit: unit, period: "2026-11", data: ["durationMinutes": 30],
                    supersedes: supersedes
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
}

extension ResultStore {
    /// Publishes without notify routes, as `credential`.
    fileprivate func publish(
        _ request: ResultRequest, addressedCount: Int, idempotencyKey: String, by credential: Credential
    ) async throws -> ResultOutcome {
        try await publish(
            request, addressedCount: addressedCount, notifying: [], idempotencyKey: idempotencyKey,
            sentBy: credential.id)
    }
}

@Suite(.timeLimit(.minutes(3))) struct ResultDeliveryStoreTests {
    @Test(arguments: StoreBackend.all) func aResultIsStoredWithOnePendingDeliveryPerRouteAndClaimedWithItsResult(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let request = ResultRequest(
                kind: .notice, title: "停水通知", body: "明日停水。", audience: .units(["210102001001", "210102001002"]))
            let routes = [
                NotifyRoute(unit: "210102001001", target: "community-app"),
                NotifyRoute(unit: "210102001002", target: "community-app"),
            ]
            guard
                case .published(let result) = try await store.publish(
                    request, addressedCount: 2, notifying: routes, idempotencyKey: "k", sentBy: "key_district")
            else { throw CancellationError() }
            let deliveries = try await store.deliveries(ofResult: result.id)
            #expect(deliveries.map(\.subject) == routes.map { .result(result.id, unit: $0.unit) })
            #expect(deliveries.allSatisfy { $0.state == .pending && $0.target == "community-app" })
            #expect(deliveries.first?.idempotencyKey == "gridway:\(result.id):210102001001:community-app")

            let claimed = try await store.claimDueDeliveries(target: "community-app", limit: 10, lease: .seconds(60))
            #expect(claimed.count == 2)
            #expect(claimed.allSatisfy { $0.payload == .result(result) })
            #expect(try await store.record(.delivered(receipt: "TZ1"), forDelivery: deliveries[0].id))
            #expect(try await store.deliveries(ofResult: result.id).map(\.state) == [.delivered, .inFlight])
            #expect(try await store.deliveries(matching: DeliveryQuery(target: "community-app")).items.count == 2)
            #expect(try await store.auditEntries(from: 1, limit: 10).first?.detail["notifications"] == 2)
        }
    }

    @Test(arguments: StoreBackend.all) func tasksAwaitReminderWithinTheirWindowUntilOneIsSent(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let now = Date()
            let contract = try ContractRef(parsing: "elderly-visit@1")
            func task(_ title: String, dueIn seconds: Double) -> ResultRequest {
                ResultRequest(
                    kind: .task, title: title, body: "请填报", audience: .units(["210102001001"]),
                    task: ResultTask(contract: contract, period: "2026-11", dueAt: now + seconds))
            }
            var ids: [String: String] = [:]
            for (title, dueIn) in [("soon", 600.0), ("later", 7200), ("past", -60)] {
                guard
                    case .published(let result) = try await store.publish(
                        task(title, dueIn: dueIn), addressedCount: 1, notifying: [], idempotencyKey: title,
                        sentBy: "key_district")
                else { throw CancellationError() }
                ids[title] = result.id
            }
            #expect(try await store.tasksAwaitingReminder(now: now, dueBy: now + 3600).map(\.id) == [ids["soon"]])
            let reminder = ResultRequest(kind: .notice, title: "催报", body: "请尽快填报", audience: .units(["210102001001"]))
            _ = try await store.publish(
                reminder, addressedCount: 1, notifying: [],
                idempotencyKey: ResultTask.reminderKey(forTask: try #require(ids["soon"])), sentBy: "key_district")
            #expect(try await store.tasksAwaitingReminder(now: now, dueBy: now + 3600).isEmpty)
            #expect(try await store.tasksAwaitingReminder(now: now, dueBy: now + 9000).map(\.id) == [ids["later"]])
        }
    }
}

@Suite(.timeLimit(.minutes(3))) struct DeliveryMigrationTests {
    @Test func deliveriesWrittenBeforeResultDeliveriesSurviveTheTableRebuild() async throws {
        let temporary = try TemporaryStore()
        let path = temporary.directory.appendingPathComponent("old.sqlite").path
        let pool = try DatabasePool(path: path)
        try SQLiteMigrations.migrator.migrate(pool, upTo: "2026-11-delivery-claim-index")
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO submission (id, contract, unit, period, data, digest, submittedBy, idempotencyKey,
                                            receivedAt, status)
                    VALUES ('s1', 'elderly-visit@1', '210102001001', '2026-11', '{}', 'sha256:0', 'key_staff', 'k',
                            1000, 'accepted');
                    INSERT INTO delivery (id, submissionID, target, state, attempts, dueAt, receipt, createdAt,
                                          deliveredAt)
                    VALUES ('d1', 's1', 'civil-affairs-elderly', 'delivered', 1, NULL, 'MZ000001', 1000, 1200);
                    """)
        }
        try pool.close()
        let store = try SQLiteStore(path: path)
        let deliveries = try await store.deliveries(ofSubmission: "s1")
        #expect(deliveries.map(\.subject) == [.submission("s1")])
        #expect(deliveries.first?.receipt == "MZ000001")
        #expect(deliveries.first?.state == .delivered)
    }
}
