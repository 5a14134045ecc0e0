import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Testing

/// The correction rules both engines run, decided without a database.
@Suite struct CorrectionRulesTests {
    static let received = Date(timeIntervalSince1970: 1_780_000_000)

    static func request(unit: String = "210102001", contract: String = "elderly-visit@1", period: String? = "2026-11")
        throws -> SubmissionRequest
    {
        SubmissionRequest(
            contract: try ContractRef(parsing: contract), unit: unit, period: period, data: ["durationMinutes": 30],
            supersedes: "sub_original")
    }

    static func original(supersededBy: String? = nil) throws -> Submission {
        var request = try request()
        request.supersedes = nil
        return Submission(
            id: "sub_original", request: request, digest: request.digest, submittedBy: "key_a", idempotencyKey: "k1",
            receivedAt: received, supersededBy: supersededBy)
    }

    @Test func aCorrectionOfTheSameUnitContractAndPeriodIsAllowed() throws {
        #expect(CorrectionRules.refusal(of: try Self.request(), superseding: try Self.original()) == nil)
    }

    @Test func anotherUnitsSubmissionIsReportedAsMissing() throws {
        let refusal = CorrectionRules.refusal(of: try Self.request(unit: "210102002"), superseding: try Self.original())
        #expect(refusal == .supersededNotFound(id: "sub_original"))
    }

    @Test func anotherContractOrPeriodIsAMismatch() throws {
        let original = try Self.original()
        #expect(
            CorrectionRules.refusal(of: try Self.request(contract: "elderly-visit@2"), superseding: original)
                == .supersededMismatch(id: "sub_original"))
        #expect(
            CorrectionRules.refusal(of: try Self.request(period: "2026-12"), superseding: original)
                == .supersededMismatch(id: "sub_original"))
        #expect(
            CorrectionRules.refusal(of: try Self.request(period: nil), superseding: original)
                == .supersededMismatch(id: "sub_original"))
    }

    @Test func anAlreadySupersededSubmissionNamesItsSuccessor() throws {
        let refusal = CorrectionRules.refusal(
            of: try Self.request(), superseding: try Self.original(supersededBy: "sub_later"))
        #expect(refusal == .alreadySuperseded(id: "sub_original", by: "sub_later"))
    }

    @Test func aCorrectionReplacesUndeliveredDeliveriesAndCorrectsDeliveredOnes() throws {
        let original = try Self.original()
        let correction = Submission(
            id: "sub_correction", request: try Self.request(), digest: "sha256:c", submittedBy: "key_a",
            idempotencyKey: "k2", receivedAt: Self.received.addingTimeInterval(60))
        let delivered = Delivery(
            id: "del_1", subject: .submission(original.id), target: "civil-affairs", state: .delivered, receipt: "R-1",
            createdAt: Self.received)
        let retrying = Delivery(
            id: "del_2", subject: .submission(original.id), target: "health", state: .retrying, orderKey: "k-health",
            createdAt: Self.received)
        let inFlight = Delivery(
            id: "del_3", subject: .submission(original.id), target: "police", state: .inFlight, orderKey: "k-police",
            createdAt: Self.received)
        let route = CorrectionRules.route(
            correction, of: original.id, originalDeliveries: [delivered, retrying, inFlight])

        #expect(route.cancelled == ["del_2"], "an attempt in flight may reach its target: it is not cancelled")
        #expect(route.deliveries.map(\.target) == ["civil-affairs", "health", "police"])
        #expect(
            route.deliveries.map(\.correction) == [
                Delivery.Correction(originalSubmissionID: "sub_original", originalReceipt: "R-1"), nil,
                Delivery.Correction(originalSubmissionID: "sub_original", originalReceipt: nil),
            ])
        #expect(
            route.deliveries.map(\.orderKey) == ["sub_correction", "k-health", "k-police"],
            "each in its original's order at the target (after an original stored before order keys: its own id)")
        for delivery in route.deliveries {
            #expect(delivery.subject == .submission("sub_correction"))
            #expect(delivery.state == .pending)
            #expect(delivery.nextAttemptAt == correction.receivedAt)
        }
        let unrouted = CorrectionRules.route(correction, of: original.id, originalDeliveries: [])
        #expect(unrouted.cancelled.isEmpty && unrouted.deliveries.isEmpty)
    }

    /// A correction that waited behind its original's attempt: a correction with the receipt if the
    /// original was delivered, the report in its place if it never was.
    @Test func aWaitingCorrectionIsSettledByItsOriginalsOutcome() {
        let waiting = Delivery.Correction(originalSubmissionID: "sub_original", originalReceipt: nil)
        func original(_ state: DeliveryState, receipt: String? = nil) -> Delivery {
            Delivery(
                id: "del_1", subject: .submission("sub_original"), target: "police", state: state, receipt: receipt,
                createdAt: Self.received)
        }
        #expect(
            CorrectionRules.resolve(waiting, originalDelivery: original(.delivered, receipt: "P-7"))
                == Delivery.Correction(originalSubmissionID: "sub_original", originalReceipt: "P-7"))
        #expect(CorrectionRules.resolve(waiting, originalDelivery: original(.dead)) == nil)
        #expect(CorrectionRules.resolve(waiting, originalDelivery: original(.cancelled)) == nil)
        #expect(CorrectionRules.resolve(waiting, originalDelivery: nil) == nil)
    }
}
