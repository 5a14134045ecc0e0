import Foundation
import GridwayCore
import GridwayJSON
import Testing

@testable import GridwayStore

private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102"), createdAt: Date())
private let person = "person.idNumber\u{1F}"

/// A report about the subject stored under `key` (`nil`: stored without a key, as before keys
/// existed or by a replica of the previous version).
private func report(
    about key: String?, unit: String = "210102001001", contract: String = "elderly-visit@1", name: String
)
    throws -> SubmissionRequest
{
    var request = SubmissionRequest(
        contract: try ContractRef(parsing: contract), unit: unit, period: "2026-11", data: ["elderName": .string(name)])
    request.subjectKey = key
    return request
}

@Suite(.timeLimit(.minutes(3))) struct SubjectStoreTests {
    @Test(arguments: StoreBackend.all) func subjectsAreListedOncePerKeyInScopeWithTheirNewestReport(
        _ backend: StoreBackend
    )
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            var ids: [String: String] = [:]
            let reports: [(String, SubmissionRequest)] = [
                ("a-old", try report(about: person + "A", name: "甲旧")),
                ("b", try report(about: person + "B", contract: "health-visit@1", name: "乙")),
                (
                    "a-new",
                    try report(about: person + "A", unit: "210102001001001", contract: "health-visit@1", name: "甲新")
                ),
                ("c-sibling", try report(about: person + "C", unit: "210102001002", name: "丙")),
                ("place", try report(about: "place.name,place.address\u{1F}[\"x\",\"y\"]", name: "场所")),
                ("none", try report(about: "", name: "无")),
            ]
            for (name, request) in reports {
                guard case .accepted(let stored, _) = try await store.submit(request, idempotencyKey: name, by: staff)
                else { throw CancellationError() }
                ids[name] = stored.id
            }
            let query = SubjectQuery(keyPrefix: person, subtree: "210102001001")
            let page = try await store.subjects(matching: query)
            #expect(
                page.items.map(\.key) == [person + "A", person + "B"],
                "once per key, sibling unit and other kinds left out")
            #expect(page.items.map(\.latest.id) == [ids["a-new"], ids["b"]])
            #expect(page.items.first?.latest.request.data["elderName"] == "甲新")
            #expect(page.nextCursor == nil)

            var paged = query
            paged.limit = 1
            let first = try await store.subjects(matching: paged)
            #expect(first.items.map(\.key) == [person + "A"])
            let cursor = try #require(first.nextCursor)
            paged.after = cursor
            let second = try await store.subjects(matching: paged)
            #expect(second.items.map(\.key) == [person + "B"])
            #expect(second.nextCursor == nil)

            let aboutA = try await store.submissions(
                matching: SubmissionQuery(subtree: "210102001001", subjectKey: person + "A"))
            #expect(aboutA.items.map(\.id) == [ids["a-new"], ids["a-old"]], "newest first")
        }
    }

    @Test(arguments: StoreBackend.all) func keysMissingFromStoredReportsAreFilled(_ backend: StoreBackend) async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            for (index, name) in ["张三", "李四", "王五"].enumerated() {
                _ = try await store.submit(
                    try report(about: nil, name: name), idempotencyKey: "old-\(index)", by: staff)
            }
            _ = try await store.submit(try report(about: person + "kept", name: "赵六"), idempotencyKey: "new", by: staff)
            let query = SubjectQuery(keyPrefix: person, subtree: "210102")
            #expect(try await store.subjects(matching: query).items.map(\.key) == [person + "kept"])

            let key: @Sendable (ContractRef, JSONValue) -> String = { _, data in
                person + (data["elderName"]?.stringValue ?? "")
            }
            #expect(try await store.fillSubjectKeys(limit: 2, key: key) == 2, "at most the limit")
            #expect(try await store.fillSubjectKeys(limit: 10, key: key) == 1)
            #expect(
                try await store.fillSubjectKeys(limit: 10) { _, _ in "unused" } == 0,
                "nothing left, a key once filled stays")
            let keys = try await store.subjects(matching: query).items.map(\.key)
            #expect(keys == ["张三", "李四", "王五", "kept"].map { person + $0 }.sorted())
        }
    }
}
