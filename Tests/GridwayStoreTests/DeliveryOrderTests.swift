import Foundation
import GridwayCore
import GridwayJSON
import Testing

@testable import GridwayStore

private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())

/// A visit report about the elder `elder`, ordered as the server orders it: by contract, period and subject.
private func visit(about elder: String, minutes: Int, supersedes: String? = nil) throws -> SubmissionRequest {
    var request = SubmissionRequest(
        contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: "2026-11",
        data: ["elderIdNumber": .string(elder), "durationMinutes": .integer(Int64(minutes))], supersedes: supersedes)
    request.subjectKey = "person.idNumber\u{1F}" + elder
    request.deliveryOrderKey = SHA256Hex.of("elderly-visit@1|2026-11|\(elder)".utf8)
    return request
}

private func submit(_ store: any Store, _ request: SubmissionRequest, key: String) async throws -> Submission {
    guard
        case .accepted(let submission, _) = try await store.submit(
            request, idempotencyKey: key, by: staff, targets: ["civil"])
    else { throw StoreError.corruptRow(table: "test", id: key, reason: "not accepted") }
    return submission
}

/// At one target, reports about the same subject, contract and period go out one at a time in the
/// order they were accepted, an earlier one retrying holding the later back, while other subjects'
/// reports flow past; a correction waits for an attempt of its original still in flight.
@Suite(.timeLimit(.minutes(3))) struct DeliveryOrderTests {
    private static let elder = "210102193805120025"
    private static let neighbour = "210102194007150033"

    /// Two reports about the elder, accepted a millisecond apart (the order within one millisecond is
    /// TimeOrderedIDTests').
    private static func twoReportsAboutTheElder(in store: any Store, clock: TestClock) async throws
        -> (Submission, Submission)
    {
        let first = try await submit(store, try visit(about: elder, minutes: 30), key: "a1")
        clock.advance(by: .milliseconds(1))
        let second = try await submit(store, try visit(about: elder, minutes: 40), key: "a2")
        return (first, second)
    }

    /// Claims every delivery due to `civil` now, by submission id.
    private static func claim(_ store: any Store) async throws -> [String] {
        try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            .compactMap(\.delivery.submissionID)
    }

    @Test(arguments: StoreBackend.all) func aSubjectsReportsWaitForTheEarlierOneWhileOthersFlowPast(
        _ backend: StoreBackend
    ) async throws {
        let clock = TestClock()
        try await backend.withStore(clock: clock) { temporary in
            let store = temporary.store
            let (first, second) = try await Self.twoReportsAboutTheElder(in: store, clock: clock)
            clock.advance(by: .milliseconds(1))
            let other = try await submit(store, try visit(about: Self.neighbour, minutes: 50), key: "b1")
            #expect(
                Set(try await Self.claim(store)) == [first.id, other.id], "the second waits behind the first")
            let otherDelivery = try #require(try await store.deliveries(ofSubmission: other.id).first)
            #expect(try await store.record(.delivered(receipt: "MZ-2"), forDelivery: otherDelivery.id))

            // The first attempt fails: retrying in a minute, it still holds the second back.
            let firstDelivery = try #require(try await store.deliveries(ofSubmission: first.id).first)
            #expect(
                try await store.record(
                    .retry(error: "HTTP 500", nextAttemptAt: clock.date.addingTimeInterval(60)),
                    forDelivery: firstDelivery.id))
            #expect(try await Self.claim(store).isEmpty)
            clock.advance(by: .seconds(60))
            #expect(try await Self.claim(store) == [first.id], "due again, and still before the second")
            #expect(try await store.record(.delivered(receipt: "MZ-1"), forDelivery: firstDelivery.id))
            #expect(try await Self.claim(store) == [second.id])
        }
    }

    @Test(arguments: StoreBackend.all) func aDeadReportHoldsNoOneBack(_ backend: StoreBackend) async throws {
        let clock = TestClock()
        try await backend.withStore(clock: clock) { temporary in
            let store = temporary.store
            let (first, second) = try await Self.twoReportsAboutTheElder(in: store, clock: clock)
            #expect(try await Self.claim(store) == [first.id])
            let firstDelivery = try #require(try await store.deliveries(ofSubmission: first.id).first)
            #expect(try await store.record(.dead(error: "HTTP 400"), forDelivery: firstDelivery.id))
            #expect(try await Self.claim(store) == [second.id])
        }
    }

    /// A dead report is replayed only while its subject's later report has not reached the target: then
    /// the replay goes first again. Once overtaken, it is held back unless the operator says otherwise.
    @Test(arguments: StoreBackend.all) func aReplayThatWouldArriveAfterALaterReportIsHeldBack(
        _ backend: StoreBackend
    ) async throws {
        let clock = TestClock()
        try await backend.withStore(clock: clock) { temporary in
            let store = temporary.store
            let (first, second) = try await Self.twoReportsAboutTheElder(in: store, clock: clock)
            let firstDelivery = try #require(try await store.deliveries(ofSubmission: first.id).first)
            #expect(try await Self.claim(store) == [first.id])
            #expect(try await store.record(.dead(error: "HTTP 400"), forDelivery: firstDelivery.id))

            // Before the second is sent, a replay restores the order: the first goes, then the second.
            let early = try await store.replayDeadDeliveries(
                ids: [firstDelivery.id], target: nil, outOfOrder: false, by: "key_admin")
            #expect(early == DeliveryReplay(replayed: 1, heldBack: []))
            #expect(try await Self.claim(store) == [first.id])
            #expect(try await store.record(.dead(error: "HTTP 400"), forDelivery: firstDelivery.id))
            #expect(try await Self.claim(store) == [second.id])
            let secondDelivery = try #require(try await store.deliveries(ofSubmission: second.id).first)
            #expect(try await store.record(.delivered(receipt: "MZ-2"), forDelivery: secondDelivery.id))

            // Overtaken: held back, by id and by target, until the operator chooses to send it anyway.
            let late = try await store.replayDeadDeliveries(
                ids: [firstDelivery.id], target: nil, outOfOrder: false, by: "key_admin")
            #expect(late == DeliveryReplay(replayed: 0, heldBack: [firstDelivery.id]))
            let byTarget = try await store.replayDeadDeliveries(
                ids: [], target: "civil", outOfOrder: false, by: "key_admin")
            #expect(byTarget == DeliveryReplay(replayed: 0, heldBack: [firstDelivery.id]))
            #expect(try await store.deliveries(ofSubmission: first.id).first?.state == .dead)
            let chosen = try await store.replayDeadDeliveries(
                ids: [firstDelivery.id], target: nil, outOfOrder: true, by: "key_admin")
            #expect(chosen == DeliveryReplay(replayed: 1, heldBack: []))
            #expect(try await Self.claim(store) == [first.id])
        }
    }

    /// A correction made while its original's attempt is in flight does not cancel it (the target may
    /// have it already): it waits, then goes as a correction with the receipt the target gave, or as
    /// the report in its place when the original never arrived.
    @Test(arguments: StoreBackend.all, [true, false]) func aCorrectionWaitsForItsOriginalsAttemptInFlight(
        _ backend: StoreBackend, originalArrives: Bool
    ) async throws {
        let clock = TestClock()
        try await backend.withStore(clock: clock) { temporary in
            let store = temporary.store
            let original = try await submit(store, try visit(about: Self.elder, minutes: 30), key: "a1")
            #expect(try await Self.claim(store) == [original.id])
            clock.advance(by: .milliseconds(1))
            // The correction fixes a mistyped ID number: it keeps its original's place all the same.
            let correction = try await submit(
                store, try visit(about: Self.neighbour, minutes: 35, supersedes: original.id), key: "fix")
            let originalDelivery = try #require(try await store.deliveries(ofSubmission: original.id).first)
            #expect(originalDelivery.state == .inFlight, "not cancelled")
            #expect(try await Self.claim(store).isEmpty, "the correction waits for the attempt's outcome")

            let outcome: DeliveryResult = originalArrives ? .delivered(receipt: "MZ-1") : .dead(error: "HTTP 400")
            #expect(try await store.record(outcome, forDelivery: originalDelivery.id))
            let claimed = try await store.claimDueDeliveries(target: "civil", limit: 10, lease: .seconds(60))
            #expect(claimed.map(\.delivery.submissionID) == [correction.id])
            let expected =
                originalArrives
                ? Delivery.Correction(originalSubmissionID: original.id, originalReceipt: "MZ-1") : nil
            #expect(claimed.first?.delivery.correction == expected)
            #expect(
                try await store.deliveries(ofSubmission: correction.id).first?.correction == expected,
                "settled in the store too")
        }
    }
}
