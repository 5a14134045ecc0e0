import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import OrderedCollections
import Synchronization
import Testing

@testable import GridwaySQLite
@testable import GridwayStore

private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102"), createdAt: Date())
private let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped catalog.
private func shippedCatalog() throws -> ContractCatalog {
    try ContractCatalog.load(directory: repositoryRoot.appendingPathComponent("contracts"))
}

/// The shipped `elderly-visit@1` (monthly, personal fields kept `P3Y`).
private func elderlyVisit() throws -> Contract {
    try #require(try shippedCatalog().contract(try ContractRef(parsing: "elderly-visit@1")))
}

/// The contract's first example about the elder with `idNumber`, for `period`, keyed by its subject.
private func visit(_ contract: Contract, period: String, idNumber: String, supersedes: String? = nil) throws
    -> SubmissionRequest
{
    guard case .object(var data)? = contract.schema["examples"]?[0] else { throw CancellationError() }
    data["elderIdNumber"] = .string(idNumber)
    var request = SubmissionRequest(
        contract: contract.ref, unit: "210102001001", period: period, data: .object(data), supersedes: supersedes)
    request.subjectKey = contract.storedSubjectKey(in: request.data)
    return request
}

private func instant(_ text: String) throws -> Date {
    try #require(try? Date(text, strategy: .iso8601))
}

@Suite(.timeLimit(.minutes(3))) struct RetentionStoreTests {
    /// Paced as `gridway serve` runs it, a run pauses nine times as long as each batch took before the
    /// next, so it holds the store's writer a tenth of the time.
    @Test func aPacedRunPausesNineTimesEachBatchsDuration() async throws {
        let clock = TestClock()
        try await StoreBackend.sqlite.withStore(clock: clock) { temporary in
            let contract = try elderlyVisit()
            for index in 0..<3 {
                _ = try await temporary.store.submit(
                    try visit(contract, period: "2023-0\(index + 1)", idNumber: "21010219380512002\(index)"),
                    idempotencyKey: "p\(index)", by: staff)
            }
            let store = BatchTakes10Milliseconds(store: temporary.store, clock: clock)
            let job = RetentionJob(
                store: store, contracts: [contract], defaultRetention: nil, batchSize: 1, writerShare: 0.1, clock: clock
            )
            let now = try instant("2026-12-07T10:00:00Z")
            let run = Task { try await job.run(at: now) }
            await clock.waitForSleepers(1)
            #expect(store.batches == 1, "one batch, then a pause")
            clock.advance(by: .milliseconds(89))
            #expect(store.batches == 1, "still pausing: 90 ms for a batch of 10 ms")
            clock.advance(by: .milliseconds(1))
            await clock.waitForSleepers(1)
            #expect(store.batches == 2)
            clock.advance(by: .milliseconds(90))
            await clock.waitForSleepers(1)
            #expect(store.batches == 3)
            clock.advance(by: .milliseconds(90))  // the next look finds nothing left: the run ends
            #expect(try await run.value.erased == 3)
        }
    }

    /// At 2026-12-07 a `P3Y` monthly contract's reports through 2023-11 have outlived their
    /// retention: their personal fields go, in batches, audited; the 2023-12 report keeps them; the
    /// receipt, digest, non-personal fields, deliveries and the audit chain stay.
    @Test(arguments: StoreBackend.all) func expiredPersonalFieldsAreErasedAndEverythingElseKept(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let contract = try elderlyVisit()
            var stored: [String: Submission] = [:]
            for (period, idNumber) in [
                ("2023-10", "210102193805120025"), ("2023-11", "21010219400101002X"), ("2023-12", "210102194202020031"),
            ] {
                guard
                    case .accepted(let submission, _) = try await store.submit(
                        try visit(contract, period: period, idNumber: idNumber), idempotencyKey: period, by: staff,
                        targets: ["civil"])
                else { throw CancellationError() }
                stored[period] = submission
            }
            let old = try #require(stored["2023-10"])
            let claimed = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            let oldDelivery = try #require(claimed.first { $0.delivery.subject.submissionID == old.id }).delivery
            #expect(try await store.record(.delivered(receipt: "MZ-2023-10"), forDelivery: oldDelivery.id))
            let refusedID = try #require(stored["2023-11"]).id
            let refused = try #require(claimed.first { $0.delivery.subject.submissionID == refusedID }).delivery
            #expect(
                try await store.record(.dead(error: "422: 21010219400101002X is no ID number"), forDelivery: refused.id)
            )

            let now = try instant("2026-12-07T10:00:00Z")
            let job = RetentionJob(store: store, contracts: [contract], defaultRetention: nil, batchSize: 1)
            let report = try await job.run(at: now)
            #expect(report.erased == 2)
            #expect(report.contracts.first?.cutoff == .periodsThrough("2023-11"))

            for period in ["2023-10", "2023-11"] {
                let original = try #require(stored[period])
                let erased = try #require(try await store.submission(id: original.id))
                for field in [
                    "elderName", "elderIdNumber", "elderPhone", "address", "healthStatus", "needs", "visitor",
                ] {
                    #expect(erased.request.data[field] == nil, "\(period) \(field) erased")
                }
                for field in ["visitDate", "visitType", "durationMinutes"] {
                    #expect(erased.request.data[field] == original.request.data[field], "\(period) \(field) kept")
                }
                #expect(erased.digest == original.digest, "the receipt's digest stays")
                #expect(erased.erasedAt == now)
            }
            let recent = try #require(stored["2023-12"])
            let untouched = try #require(try await store.submission(id: recent.id))
            #expect(untouched.request.data == recent.request.data, "not yet expired")
            #expect(untouched.erasedAt == nil)

            let deliveries = try await store.deliveries(ofSubmission: old.id)
            #expect(deliveries.map(\.state) == [.delivered])
            #expect(deliveries.first?.receipt == "MZ-2023-10")
            let refusedAfter = try await store.deliveries(ofSubmission: refusedID)
            #expect(refusedAfter.map(\.state) == [.dead], "the delivery history stays")
            #expect(refusedAfter.first?.lastError == nil, "an upstream's error text may quote the personal value")

            let erasedKey = try #require(
                try visit(contract, period: "2023-10", idNumber: "210102193805120025").subjectKey)
            #expect(
                try await store.submissions(matching: SubmissionQuery(subjectKey: erasedKey)).items.isEmpty,
                "the stored subject key holds the ID number: it goes too")

            #expect(try await store.verifyAuditChain() == .intact(entries: 5))
            let entries = try await store.auditEntries(from: 1, limit: 100)
            let erasures = entries.filter { $0.action == "submission.personal-data-erased" }
            #expect(erasures.map(\.subject).sorted() == [old.id, try #require(stored["2023-11"]).id].sorted())
            #expect(erasures.first?.detail["reason"] == "retention-ended")
            #expect(erasures.first?.detail["retention"] == "P3Y")
            #expect(erasures.first?.detail["fields"]?.arrayValue?.contains("/elderIdNumber") == true)
            let chainText = entries.map { $0.detail.serializedString() + $0.subject }.joined()
            #expect(
                !chainText.contains("193805120025") && !chainText.contains("王桂兰"), "the chain holds no personal value")
        }
    }

    /// A second run finds nothing due and changes nothing; a correction of an erased report is refused.
    @Test(arguments: StoreBackend.all) func erasureIsIdempotentAndFinal(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let store = temporary.store
            let contract = try elderlyVisit()
            guard
                case .accepted(let old, _) = try await store.submit(
                    try visit(contract, period: "2023-01", idNumber: "210102193805120025"), idempotencyKey: "old",
                    by: staff)
            else { throw CancellationError() }
            let job = RetentionJob(store: store, contracts: [contract], defaultRetention: nil)
            let now = try instant("2026-12-07T10:00:00Z")
            #expect(try await job.run(at: now).erased == 1)
            let erased = try await store.submission(id: old.id)
            #expect(try await job.run(at: now.addingTimeInterval(86_400)).erased == 0)
            #expect(try await store.submission(id: old.id) == erased)
            #expect(try await store.verifyAuditChain() == .intact(entries: 2))

            let correction = try visit(contract, period: "2023-01", idNumber: "210102193805120025", supersedes: old.id)
            #expect(
                try await store.submit(correction, idempotencyKey: "fix", by: staff)
                    == .personalDataErased(id: old.id))
        }
    }

    /// The age of the oldest personal value held, for `/metrics`: none before any report, then the
    /// oldest report not yet erased, none again once the last is erased.
    @Test(arguments: StoreBackend.all) func theOldestPersonalValueHeldIsTheOldestReportNotYetErased(
        _ backend: StoreBackend
    ) async throws {
        let first = try instant("2026-12-07T10:00:00Z")
        let clock = TestClock(date: first)
        try await backend.withStore(clock: clock) { temporary in
            let store = temporary.store
            let contract = try elderlyVisit()
            let job = RetentionJob(store: store, contracts: [contract], defaultRetention: nil)
            #expect(try await job.oldestPersonalData().map(\.receivedAt) == [nil])
            _ = try await store.submit(
                try visit(contract, period: "2023-01", idNumber: "210102193805120025"), idempotencyKey: "old", by: staff
            )
            clock.advance(by: .seconds(3600))
            _ = try await store.submit(
                try visit(contract, period: "2026-11", idNumber: "210102193805120033"), idempotencyKey: "new", by: staff
            )
            #expect(try await job.oldestPersonalData().map(\.contract) == [contract.ref])
            #expect(try await job.oldestPersonalData().map(\.receivedAt) == [first])

            #expect(try await job.run(at: clock.date).erased == 1)
            #expect(try await job.oldestPersonalData().map(\.receivedAt) == [first.addingTimeInterval(3600)])
            #expect(try await job.run(at: try instant("2030-01-01T00:00:00Z")).erased == 1)
            #expect(try await job.oldestPersonalData().map(\.receivedAt) == [nil])
        }
    }

    /// A contract without its own retention follows the configured default; without either its
    /// personal fields are kept and the report says so.
    @Test(arguments: StoreBackend.all) func theDefaultRetentionAppliesWhereAContractDeclaresNone(
        _ backend: StoreBackend
    )
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let declared = try elderlyVisit()
            guard case .object(var document) = declared.schema else { throw CancellationError() }
            document["x-gridway-retention"] = nil
            let contract = try Contract(
                document: .object(document), source: "elderly-visit@1.json", elements: try shippedCatalog().elements)
            _ = try await store.submit(
                try visit(contract, period: "2024-06", idNumber: "210102193805120025"), idempotencyKey: "a", by: staff)
            let now = try instant("2026-12-07T10:00:00Z")

            let kept = try await RetentionJob(store: store, contracts: [contract], defaultRetention: nil).run(at: now)
            #expect(kept.keptWithoutRetention == [contract.ref])
            #expect(kept.erased == 0)

            let twoYears = try #require(CalendarDuration(parsing: "P2Y"))
            let byDefault = try await RetentionJob(store: store, contracts: [contract], defaultRetention: twoYears)
                .run(at: now)
            #expect(byDefault.contracts.map(\.retention) == [twoYears])
            #expect(byDefault.erased == 1)
        }
    }
}

@Suite(.timeLimit(.minutes(3))) struct SubjectErasureTests {
    /// An erasure on request finds the subject in two contracts that identify it by the same ID
    /// number, erases every report about it and only those, names the upstream systems that
    /// received them with their receipts, and leaves a chain that verifies.
    @Test(arguments: StoreBackend.all) func findsAndErasesASubjectAcrossContracts(_ backend: StoreBackend) async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let (both, subject, ids, other) = try await SubjectErasureTests.seed(store)

            let now = try instant("2026-12-07T10:00:00Z")
            let report = try await SubjectEraser(store: store, catalog: both).erase(
                element: "person.idNumber", value: " \(subject) ", grounds: "PIPL-2026-0042", by: "key_admin", at: now)
            #expect(report.places.map(\.submission.id).sorted() == ids.sorted())
            #expect(
                report.places.allSatisfy { $0.erasedFields?.contains(JSONPointer(tokens: ["elderIdNumber"])) == true })
            #expect(report.deliveredUpstream.map(\.target) == ["civil"])
            #expect(report.deliveredUpstream.map(\.receipt) == ["MZ-7"])
            #expect(report.places.flatMap(\.deliveries).count == 2, "the pending delivery is reported too")

            for id in ids {
                let erased = try #require(try await store.submission(id: id))
                #expect(erased.request.data["elderIdNumber"] == nil)
                #expect(erased.erasedAt == now)
            }
            #expect(
                try await store.submission(id: other.id)?.request.data == other.request.data,
                "another subject is untouched")
            #expect(try await store.verifyAuditChain() == .intact(entries: 5))
            let entries = try await store.auditEntries(from: 1, limit: 100)
            #expect(
                entries.filter { $0.action == "submission.personal-data-erased" }.map { $0.detail["grounds"] }
                    == ["PIPL-2026-0042", "PIPL-2026-0042"])

            let again = try await SubjectEraser(store: store, catalog: both).erase(
                element: "person.idNumber", value: subject, grounds: "again", by: "key_admin", at: now)
            #expect(again.places.isEmpty, "nothing about the subject is left to find")
            await #expect(throws: SubjectLookupError.noContractIdentifiesBy("person.phone")) {
                _ = try await SubjectEraser(store: store, catalog: both).erase(
                    element: "person.phone", value: "13800000000", grounds: "x", by: "key_admin", at: now)
            }
        }
    }

    /// An access request gets every report about the subject in both contracts, as stored (its own
    /// personal values included), with where each went; the access is audited with its reason and
    /// count, never the value; once the subject is erased there is nothing left to export.
    @Test(arguments: StoreBackend.all) func exportsEverythingAboutASubjectAndAuditsTheAccess(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let (both, subject, ids, _) = try await SubjectErasureTests.seed(store)

            let now = try instant("2026-12-07T10:00:00Z")
            let exporter = SubjectExporter(store: store, catalog: both)
            let export = try await exporter.export(
                element: "person.idNumber", value: " \(subject) ", grounds: "PIPL-2026-0043 本人查阅", by: "key_admin",
                at: now)
            #expect(export["value"] == .string(subject))
            #expect(export["exportedAt"] == "2026-12-07T10:00:00Z")
            let reports = export["reports"]?.arrayValue ?? []
            #expect(reports.compactMap { $0["submission"]?.stringValue }.sorted() == ids.sorted())
            #expect(reports.allSatisfy { $0["data"]?["elderIdNumber"] == .string(subject) }, "the subject's own values")
            #expect(reports.allSatisfy { $0["data"]?["elderName"] == "王桂兰" })
            let delivered = reports.first { $0["submission"] == .string(ids[0]) }?["deliveries"]?.arrayValue ?? []
            #expect(delivered.map { $0["receipt"] } == ["MZ-7"])
            #expect(delivered.map { $0["target"] } == ["civil"])

            let entries = try await store.auditEntries(from: 1, limit: 100)
            let access = entries.filter { $0.action == "subject.exported" }
            #expect(access.count == 1)
            #expect(access.first?.detail["reason"] == "PIPL-2026-0043 本人查阅")
            #expect(access.first?.detail["reports"] == 2)
            #expect(!entries.contains { $0.detail.serializedString().contains(subject) }, "no entry holds the value")
            #expect(try await store.verifyAuditChain() == .intact(entries: entries.count))

            _ = try await SubjectEraser(store: store, catalog: both).erase(
                element: "person.idNumber", value: subject, grounds: "PIPL-2026-0044", by: "key_admin", at: now)
            let after = try await exporter.export(
                element: "person.idNumber", value: subject, grounds: "again", by: "key_admin", at: now)
            #expect(after["reports"] == [], "an erased subject's reports are no longer found")
        }
    }

    /// Two contracts identifying the elder by ID number, a report about one subject in each (both to
    /// `civil`, the first delivered with receipt `MZ-7`) and a report about another subject.
    private static func seed(_ store: any Store) async throws
        -> (catalog: ContractCatalog, subject: String, ids: [String], other: Submission)
    {
        let catalog = try shippedCatalog()
        let visit = try elderlyVisit()
        guard case .object(var document) = visit.schema else { throw CancellationError() }
        document["x-gridway-id"] = "health-visit"
        let healthVisit = try Contract(
            document: .object(document), source: "health-visit@1.json", elements: catalog.elements)
        let both = try ContractCatalog(contracts: [visit, healthVisit], elements: catalog.elements)
        let subject = "210102193805120025"
        var ids: [String] = []
        for (contract, key) in [(visit, "a"), (healthVisit, "b")] {
            guard
                case .accepted(let submission, _) = try await store.submit(
                    try report(contract, idNumber: subject), idempotencyKey: key, by: staff, targets: ["civil"])
            else { throw CancellationError() }
            ids.append(submission.id)
        }
        guard
            case .accepted(let other, _) = try await store.submit(
                try report(visit, idNumber: "21010219400101002X"), idempotencyKey: "other", by: staff)
        else { throw CancellationError() }
        let claimed = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
        let first = try #require(claimed.first { $0.delivery.subject.submissionID == ids[0] }).delivery
        #expect(try await store.record(.delivered(receipt: "MZ-7"), forDelivery: first.id))
        return (both, subject, ids, other)
    }

    private static func report(_ contract: Contract, idNumber: String) throws -> SubmissionRequest {
        try visit(contract, period: "2026-11", idNumber: idNumber)
    }
}

/// The proof of erasure at the byte level, on SQLite: what `gridway retention verify --value` reads.
@Suite(.timeLimit(.minutes(3))) struct SQLiteRemnantTests {
    /// Before the retention job the 2023-10 elder's ID number, name and phone are in the files; after
    /// it they are nowhere in the database file or its write-ahead log, not even in free space, while
    /// the 2023-12 elder's, still within retention, are found (so the scan can find what is there).
    @Test func erasedValuesAreGoneFromTheDatabaseFileAndItsLogByteForByte() async throws {
        let contract = try elderlyVisit()
        let erased = ["210102193805120025", "赵秀英", "024-23456789"]
        let kept = ["210102194202020031", "钱玉兰"]
        try await StoreBackend.sqlite.withStore { temporary in
            let store = try #require(temporary.store as? SQLiteStore)
            for (period, person) in [("2023-10", erased), ("2023-12", kept)] {
                var request = try visit(contract, period: period, idNumber: person[0])
                guard case .object(var data) = request.data else { throw CancellationError() }
                data["elderName"] = .string(person[1])
                data["elderPhone"] = .string(person.count > 2 ? person[2] : "024-87654321")
                request.data = .object(data)
                _ = try await store.submit(request, idempotencyKey: period, by: staff, targets: ["civil"])
            }
            let before = try await store.remnants(of: erased)
            #expect(Set(before.remnants.map(\.value)) == Set(erased), "the scan finds values that are there")

            let job = RetentionJob(store: store, contracts: [contract], defaultRetention: nil)
            let now = try instant("2026-12-07T10:00:00Z")
            #expect(try await job.overdue(at: now) == [contract.ref])
            #expect(try await job.run(at: now).erased == 1)
            #expect(try await job.overdue(at: now).isEmpty)

            let after = try await store.remnants(of: erased + kept)
            #expect(after.writeAheadLogEmptied)
            #expect(after.files.count == 2, "the database file and its (emptied) write-ahead log")
            #expect(after.remnants.map(\.value).sorted() == kept.sorted(), "\(after.remnants)")
        }
    }

    /// A value is found as SQLite stores text and as JSON escapes it, and across two reads of the file.
    @Test func valuesAreFoundEscapedAndAcrossChunks() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("0123456789 \"\\u738b\\u6842\\u5170\" 王桂兰".utf8).write(to: file)
        #expect(SQLiteStore.escapedForJSON("王桂兰 A") == Array("\\u738b\\u6842\\u5170 A".utf8))
        #expect(try SQLiteStore.firstOffset(of: SQLiteStore.escapedForJSON("王桂兰"), inFileAt: file.path) == 12)
        #expect(try SQLiteStore.firstOffset(of: Array("王桂兰".utf8), inFileAt: file.path, chunkSize: 4) == 32)
        #expect(try SQLiteStore.firstOffset(of: Array("6789".utf8), inFileAt: file.path, chunkSize: 4) == 6)
        #expect(try SQLiteStore.firstOffset(of: Array("李".utf8), inFileAt: file.path, chunkSize: 4) == nil)
    }
}

/// A store whose every erasure batch takes 10 ms by `clock`.
private final class BatchTakes10Milliseconds: RetentionStore {
    let store: any Store
    let clock: TestClock
    private let count = Mutex(0)

    init(store: any Store, clock: TestClock) {
        self.store = store
        self.clock = clock
    }

    /// How many batches have been erased.
    var batches: Int { count.withLock { $0 } }

    func submissionsHoldingPersonalData(of contract: ContractRef, pastRetention cutoff: RetentionCutoff, limit: Int)
        async throws -> [Submission]
    {
        try await store.submissionsHoldingPersonalData(of: contract, pastRetention: cutoff, limit: limit)
    }

    func oldestPersonalData(of contract: ContractRef) async throws -> Date? {
        try await store.oldestPersonalData(of: contract)
    }

    func erasePersonalData(_ erasures: [PersonalDataErasure], by actor: String, at now: Date) async throws -> [String] {
        let erased = try await store.erasePersonalData(erasures, by: actor, at: now)
        clock.advance(by: .milliseconds(10))
        count.withLock { $0 += 1 }
        return erased
    }
}
