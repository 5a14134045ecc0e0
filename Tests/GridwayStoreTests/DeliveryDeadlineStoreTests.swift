import Foundation
import GridwayCore
import GridwayJSON
import Testing

@testable import GridwayStore

private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())

/// A November visit report due upstream at `deadline`, as the server stores it.
private func visit(_ minutes: Int, due deadline: Date?, period: String = "2026-11", supersedes: String? = nil) throws
    -> SubmissionRequest
{
    var request = SubmissionRequest(
        contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: period,
        data: ["durationMinutes": .integer(Int64(minutes))], supersedes: supersedes)
    request.deliveryDeadline = deadline
    return request
}

/// Each delivery keeps its report's deadline; the store finds those at risk of missing it, once, and
/// lists a target's late deliveries of a period.
@Suite(.timeLimit(.minutes(3))) struct DeliveryDeadlineStoreTests {
    private static let deadline = Date(timeIntervalSince1970: 1_796_486_400)  // 2026-12-05T16:00:00Z

    private static func submit(_ store: any Store, _ request: SubmissionRequest, key: String) async throws
        -> Delivery
    {
        guard
            case .accepted(_, let deliveries) = try await store.submit(
                request, idempotencyKey: key, by: staff, targets: ["civil"]),
            let delivery = deliveries.first
        else { throw StoreError.corruptRow(table: "test", id: key, reason: "not accepted") }
        return delivery
    }

    @Test(arguments: StoreBackend.all) func deliveriesNearTheirDeadlineAreFoundOnceAndLateOnesListed(
        _ backend: StoreBackend
    ) async throws {
        let clock = TestClock(date: Self.deadline.addingTimeInterval(-2 * 86_400))
        try await backend.withStore(clock: clock) { temporary in
            let store = temporary.store
            let retrying = try await Self.submit(store, try visit(30, due: Self.deadline), key: "a")
            let inTime = try await Self.submit(store, try visit(31, due: Self.deadline), key: "b")
            let noDeadline = try await Self.submit(store, try visit(32, due: nil), key: "c")
            #expect(
                try await store.deliveries(ofSubmission: retrying.submissionID ?? "").first?.deadline == Self.deadline)
            #expect(noDeadline.deadline == nil)
            #expect(try await store.deliveriesAtRisk(deadlineBy: clock.date, limit: 10).isEmpty, "two days ahead")

            _ = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            #expect(try await store.record(.delivered(receipt: "MZ-1"), forDelivery: inTime.id))
            #expect(
                try await store.record(
                    .retry(error: "HTTP 500", nextAttemptAt: Self.deadline.addingTimeInterval(3_600)),
                    forDelivery: retrying.id))

            // A day before: only the one still retrying is at risk; once noticed, it is not found again.
            let dayBefore = Self.deadline.addingTimeInterval(-86_400)
            let atRisk = try await store.deliveriesAtRisk(deadlineBy: Self.deadline, limit: 10)
            #expect(atRisk.map(\.id) == [retrying.id])
            try await store.markDeadlineNoticeGiven(atRisk.map(\.id), at: dayBefore)
            #expect(try await store.deliveriesAtRisk(deadlineBy: Self.deadline, limit: 10).isEmpty)

            #expect(
                try await store.lateDeliveries(target: "civil", period: "2026-11", at: dayBefore).isEmpty,
                "nothing is late before the deadline")
            #expect(try await store.overdueDeliveryCounts(at: dayBefore).isEmpty)
            #expect(try await store.overdueDeliveryCounts(at: Self.deadline.addingTimeInterval(60)) == ["civil": 1])
            let after = Self.deadline.addingTimeInterval(60)
            #expect(
                try await store.lateDeliveries(target: "civil", period: "2026-11", at: after).map(\.id) == [retrying.id]
            )
            #expect(try await store.lateDeliveries(target: "civil", period: "2026-10", at: after).isEmpty)
            #expect(try await store.lateDeliveries(target: "health", period: "2026-11", at: after).isEmpty)

            // Delivered after the deadline, it stays on the late list.
            clock.advance(by: .seconds(2 * 86_400 + 3_600))
            _ = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            #expect(try await store.record(.delivered(receipt: "MZ-2"), forDelivery: retrying.id))
            let late = try await store.lateDeliveries(target: "civil", period: "2026-11", at: clock.date)
            #expect(late.map(\.id) == [retrying.id])
            #expect(try await store.overdueDeliveryCounts(at: clock.date).isEmpty, "delivered, though late")
            #expect(late.first?.isLate(at: clock.date) == true)
        }
    }

    /// A correction's deliveries keep the deadline of the report it corrects.
    @Test(arguments: StoreBackend.all) func aCorrectionKeepsItsOriginalsDeadline(_ backend: StoreBackend) async throws {
        try await backend.withStore { temporary in
            let original = try await Self.submit(temporary.store, try visit(30, due: Self.deadline), key: "a")
            let correction = try await Self.submit(
                temporary.store, try visit(35, due: nil, supersedes: original.submissionID), key: "fix")
            #expect(correction.deadline == Self.deadline)
        }
    }
}
