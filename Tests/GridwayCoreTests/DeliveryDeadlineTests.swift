import Foundation
import GridwayCore
import GridwayFiles
import GridwayJSON
import OrderedCollections
import Testing

/// `x-gridway-deadline`: how long after the end of a period its reports are due upstream.
@Suite struct DeliveryDeadlineTests {
    private static func shipped(_ reference: String) throws -> Contract {
        let catalog = try ContractCatalog.load(directory: ContractTestSupport.contractsDirectory)
        return try #require(catalog.contract(try ContractRef(parsing: reference)))
    }

    private static func instant(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: .iso8601))
    }

    /// The deadline is the start, in China Standard Time, of the day after the last day reports are due.
    @Test func aPeriodsReportsAreDueTheGivenTimeAfterItEndsInChinaStandardTime() throws {
        let visits = try Self.shipped("elderly-visit@1")
        #expect(visits.deadline == CalendarDuration(parsing: "P5D"))
        #expect(
            visits.deliveryDeadline(of: "2026-11") == (try Self.instant("2026-12-05T16:00:00Z")),
            "due by the end of 5 December, Beijing time")
        #expect(visits.deliveryDeadline(of: "2026-02") == (try Self.instant("2026-03-05T16:00:00Z")))
        let inspections = try Self.shipped("safety-inspection@1")
        #expect(inspections.deliveryDeadline(of: "2026-Q3") == (try Self.instant("2026-10-10T16:00:00Z")))
        #expect(visits.deliveryDeadline(of: nil) == nil)
        #expect(visits.deliveryDeadline(of: "2026-W48") == nil, "not a period of the contract")
    }

    @Test func aContractWithoutPeriodsCannotHaveADeadline() throws {
        guard case .object(var document) = ContractFixture.with("/x-gridway-period", "none") else {
            throw CancellationError()
        }
        document["x-gridway-deadline"] = "P5D"
        let findings = ContractLinter().check(
            ContractFixture.bytes(.object(document)), file: "contracts/test-visit@1.json")
        #expect(
            findings.contains {
                $0.severity == .error && $0.location.description == "/x-gridway-deadline"
                    && $0.message.contains("counts from the end of a period")
            }, "\(findings.map(\.description))")
    }

    @Test func aDeliveryIsLateWhenItLandsAfterItsDeadlineOrIsStillOutstandingPastIt() throws {
        let deadline = try Self.instant("2026-12-05T16:00:00Z")
        var delivery = Delivery(
            id: "d", subject: .submission("s"), target: "civil", state: .retrying, deadline: deadline,
            createdAt: deadline.addingTimeInterval(-86_400))
        #expect(!delivery.isLate(at: deadline))
        #expect(delivery.isLate(at: deadline.addingTimeInterval(1)))
        delivery.state = .delivered
        delivery.deliveredAt = deadline.addingTimeInterval(-60)
        #expect(!delivery.isLate(at: deadline.addingTimeInterval(86_400)), "delivered in time stays in time")
        delivery.deliveredAt = deadline.addingTimeInterval(60)
        #expect(delivery.isLate(at: deadline.addingTimeInterval(60)))
        delivery.deadline = nil
        #expect(!delivery.isLate(at: .distantFuture))
    }
}
