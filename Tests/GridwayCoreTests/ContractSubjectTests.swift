import Foundation
import GridwayJSON
import Testing

@testable import GridwayCore

/// The report subject, subject facts and within-period dates of the shipped contracts.
struct ContractSubjectTests {
    @Test func elderlyVisitIsAboutThePersonItsIDNumberNames() throws {
        let contract = try ContractTests.shipped("elderly-visit@1")
        #expect(
            contract.subject
                == ReportSubject(
                    kind: .person,
                    key: [SubjectKeyField(element: "person.idNumber", pointer: JSONPointer(tokens: ["elderIdNumber"]))])
        )
        #expect(
            contract.subjectFacts.map(\.pointer.description) == [
                "/elderName", "/elderIdNumber", "/elderPhone", "/address",
            ])
        #expect(
            contract.subjectFacts.map(\.element) == [
                "person.name", "person.idNumber", "person.phone", "person.address",
            ])
        let eventFacts = contract.fields.filter { !$0.isSubjectFact }.map(\.name)
        #expect(
            eventFacts == ["visitDate", "visitType", "durationMinutes", "healthStatus", "needs", "visitor", "notes"])
        #expect(contract.field(at: JSONPointer(tokens: ["visitor", "name"]))?.isSubjectFact == false)
    }

    @Test func subjectKeyIsTheTrimmedIDNumberOrNothing() throws {
        let contract = try ContractTests.shipped("elderly-visit@1")
        #expect(contract.subjectKey(in: ["elderIdNumber": " 21010219450302001X\n"]) == "21010219450302001X")
        #expect(contract.subjectKey(in: ["elderName": "赵德顺"]) == nil)
        #expect(contract.subjectKey(in: ["elderIdNumber": "  "]) == nil)
        #expect(contract.subjectKey(in: ["elderIdNumber": .null]) == nil)
    }

    @Test func aPlaceIsKeyedByItsNameAndAddressTogether() throws {
        let contract = try ContractTests.shipped("safety-inspection@1")
        #expect(contract.subject?.kind == .place)
        let data: JSONValue = ["placeName": "老边饺子小吃部", "placeAddress": "沈阳市和平区中华路 101 号", "inspector": "李晓梅"]
        #expect(contract.subjectKey(in: data) == #"["老边饺子小吃部","沈阳市和平区中华路 101 号"]"#)
        #expect(
            contract.subjectFacts.map(\.element) == [
                "place.name", "place.type", "place.address", "place.operatorName", "place.operatorPhone",
            ])
    }

    @Test func unitAndEventReportsHaveNoSubjectKeyAndNoSubjectFacts() throws {
        let statistics = try ContractTests.shipped("population-change@1")
        #expect(statistics.subject?.isUnit == true)
        #expect(statistics.subjectKey(in: ["births": 3]) == nil)
        #expect(statistics.subjectFacts.isEmpty)
        let incident = try ContractTests.shipped("grid-incident@1")
        #expect(incident.subject == ReportSubject(kind: .event, key: []))
        #expect(incident.subjectFacts.isEmpty, "the reporter's phone is a person's phone, but not the subject's")
        #expect(incident.field(at: JSONPointer(tokens: ["reporterPhone"]))?.element == "person.phone")
    }

    @Test func aVisitDateOutsideTheMonthIsAViolation() throws {
        let contract = try ContractTests.shipped("elderly-visit@1")
        let december = try Period(parsing: "2026-12", as: .month)
        let violations = contract.periodViolations(in: ["visitDate": "2026-11-28"], period: december)
        #expect(
            violations == [
                PeriodViolation(field: JSONPointer(tokens: ["visitDate"]), period: december, value: "2026-11-28")
            ])
        #expect(
            violations.first?.description
                == "/visitDate is 2026-11-28, outside the period 2026-12 (2026-12-01 to 2026-12-31)")
        #expect(contract.periodViolations(in: ["visitDate": "2026-12-31"], period: december).isEmpty)
        #expect(contract.periodViolations(in: ["visitDate": "2026-12-01"], period: december).isEmpty)
        #expect(contract.periodViolations(in: ["elderName": "王桂兰"], period: december).isEmpty)
    }

    @Test func aDateTimeCountsByTheDateAsWritten() throws {
        let contract = try ContractTests.shipped("grid-incident@1")
        let day = try Period(parsing: "2026-11-28", as: .day)
        #expect(contract.periodViolations(in: ["occurredAt": "2026-11-28T23:30:00+08:00"], period: day).isEmpty)
        #expect(
            contract.periodViolations(in: ["occurredAt": "2026-11-29T00:10:00+08:00"], period: day).map(\.value) == [
                "2026-11-29T00:10:00+08:00"
            ])
    }
}
