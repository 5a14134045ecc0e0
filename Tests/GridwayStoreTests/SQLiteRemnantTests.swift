import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Testing

@testable import GridwaySQLite

/// The proof of erasure at the byte level, on SQLite: what `gridway retention verify --value` reads.
@Suite(.timeLimit(.minutes(3))) struct SQLiteRemnantTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Before the retention job the 2023-10 elder's ID number, name and phone are in the files; after
    /// it they are nowhere in the database file or its write-ahead log, not even in free space, while
    /// the 2023-12 elder's, still within retention, are found (so the scan can find what is there).
    @Test func erasedValuesAreGoneFromTheDatabaseFileAndItsLogByteForByte() async throws {
        let catalog = try ContractCatalog.load(directory: Self.repositoryRoot.appendingPathComponent("contracts"))
        let contract = try #require(catalog.contract(try ContractRef(parsing: "elderly-visit@1")))
        let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102"), createdAt: Date())
        let erased = ["210102193805120025", "赵秀英", "024-23456789"]
        let kept = ["210102194202020031", "钱玉兰"]
        try await StoreBackend.sqlite.withStore { temporary in
            let store = try #require(temporary.store as? SQLiteStore)
            for (period, person) in [("2023-10", erased), ("2023-12", kept)] {
                guard case .object(var data)? = contract.schema["examples"]?[0] else { throw CancellationError() }
                data["elderIdNumber"] = .string(person[0])
                data["elderName"] = .string(person[1])
                data["elderPhone"] = .string(person.count > 2 ? person[2] : "024-87654321")
                var request = SubmissionRequest(
                    contract: contract.ref, unit: "210102001001", period: period, data: .object(data))
                request.subjectKey = contract.storedSubjectKey(in: request.data)
                _ = try await store.submit(request, idempotencyKey: period, by: staff, targets: ["civil"])
            }
            let before = try await store.remnants(of: erased)
            #expect(Set(before.remnants.map(\.value)) == Set(erased), "the scan finds values that are there")

            let job = RetentionJob(store: store, contracts: [contract], defaultRetention: nil)
            let now = try #require(try? Date("2026-12-07T10:00:00Z", strategy: .iso8601))
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
