import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Testing

/// Unit-subtree matching, decided once in ``UnitSubtree``: its patterns without a database, and both
/// engines listing a subtree whose root holds a pattern's wildcard.
@Suite(.timeLimit(.minutes(3))) struct UnitSubtreeTests {
    @Test func aRootIsAPrefixOfItsUnits() {
        let subtree = UnitSubtree(root: "210102")
        #expect(subtree.contains("210102"))
        #expect(subtree.contains("210102001"))
        #expect(!subtree.contains("21010"))
        #expect(!subtree.contains("210103001"))
    }

    @Test func globPatternBracketsEachWildcardOfTheRoot() {
        #expect(UnitSubtree(root: "210102").globPattern == "210102*")
        #expect(UnitSubtree(root: "21*").globPattern == "21[*]*")
        #expect(UnitSubtree(root: "21?").globPattern == "21[?]*")
        #expect(UnitSubtree(root: "21[0]").globPattern == "21[[]0]*")
        #expect(UnitSubtree(root: "21_%\\").globPattern == "21_%\\*")
    }

    @Test func likePatternEscapesEachWildcardOfTheRoot() {
        #expect(UnitSubtree(root: "210102").likePattern == "210102%")
        #expect(UnitSubtree(root: "21_").likePattern == "21\\_%")
        #expect(UnitSubtree(root: "21%").likePattern == "21\\%%")
        #expect(UnitSubtree(root: "21\\").likePattern == "21\\\\%")
        #expect(UnitSubtree(root: "21*?[").likePattern == "21*?[%")
    }

    /// Units whose ids hold the wildcards of `GLOB` and `LIKE`, beside plain ones they would match.
    static let units = ["21*", "21?", "21[0]", "21_", "21%", "21\\", "210", "21a"]

    @Test(arguments: StoreBackend.all) func aRootWithWildcardsListsOnlyItsOwnSubtree(_ backend: StoreBackend)
        async throws
    {
        try await backend.withStore { temporary in
            let store = temporary.store
            let staff = Credential(id: "key_staff", name: "staff", role: .admin, createdAt: Date())
            let contract = try ContractRef(parsing: "elderly-visit@1")
            var units: [String: String] = [:]
            for (index, unit) in Self.units.enumerated() {
                let request = SubmissionRequest(
                    contract: contract, unit: unit, period: "2026-11", data: ["durationMinutes": .integer(Int64(index))]
                )
                guard
                    case .accepted(let submission, _) = try await store.submit(
                        request, idempotencyKey: "k\(index)", by: staff)
                else {
                    Issue.record("submission for \(unit) not accepted")
                    return
                }
                units[submission.id] = unit
            }
            for root in Self.units {
                let expected = Set(Self.units.filter { UnitSubtree(root: root).contains($0) })
                let listed = try await store.submissions(matching: .init(subtree: root)).items.compactMap {
                    units[$0.id]
                }
                #expect(Set(listed) == expected, "subtree \(root)")
                let first = try await store.firstSubmissions(contract: contract, period: "2026-11", within: root)
                #expect(Set(first.keys) == expected, "first submissions within \(root)")
            }
        }
    }
}
