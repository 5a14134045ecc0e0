import Foundation
import GridwayAdapters
import GridwayCore
import Testing

@Suite struct ManifestCheckTests {
    /// A deliver manifest for elderly-visit@1 granting `grant`, whose body reads `reads`.
    private func manifest(grant: [String], reads: [String], contract: String = "elderly-visit@1") throws
        -> AdapterManifest
    {
        let body = reads.enumerated().map { "      f\($0.offset): \($0.element)" }.joined(separator: "\n")
        return try DeclarativeTesting.manifest(
            """
            id: health-commission
            title: 卫健委
            kind: declarative
            capabilities: [deliver]
            contracts:
              - ref: \(contract)
                grant: [\(grant.joined(separator: ", "))]
            deliver:
              request:
                url: http://127.0.0.1:9002/visits
                body:
            \(body)
            """)
    }

    private func errors(_ manifest: AdapterManifest) -> [String] {
        manifest.check(against: DeclarativeTesting.catalog).filter { $0.severity == .error }.map(\.description)
    }

    @Test func openFieldsNeedNoGrant() throws {
        let manifest = try manifest(grant: [], reads: ["$.data.visitDate", "$.data.visitor.name", "$.submission.unit"])
        #expect(errors(manifest).isEmpty)
    }

    @Test func aRestrictedFieldReadWithoutAGrantIsRefused() throws {
        let manifest = try manifest(
            grant: ["elderName"], reads: ["$.data.elderName", "$.data.elderIdNumber | mask(6, 4)"])
        #expect(
            errors(manifest) == [
                "adapter.yaml:13:11: error: $.data.elderIdNumber reads elderIdNumber, a restricted field of elderly-visit@1, without a grant; add it to the contract's grant: list if this system may receive it"
            ])
    }

    @Test func aConditionalFieldReadWithoutAGrantIsRefused() throws {
        #expect(
            errors(try manifest(grant: [], reads: ["$.data.healthStatus"])).first?.contains(
                "healthStatus, a conditional field") == true)
        #expect(errors(try manifest(grant: ["healthStatus"], reads: ["$.data.healthStatus"])).isEmpty)
    }

    @Test func wildcardsAndWholeObjectsCountAsReadingEveryField() throws {
        let wildcard = errors(try manifest(grant: ["elderName"], reads: ["$.data.*"]))
        #expect(
            wildcard.contains { $0.contains("reads elderIdNumber") } && wildcard.contains { $0.contains("reads notes") }
        )
        #expect(!wildcard.contains { $0.contains("reads elderName") })
        let whole = errors(try manifest(grant: [], reads: ["$.data"]))
        #expect(whole.count == 7, "\(whole)")
        #expect(
            errors(try manifest(grant: [], reads: ["$..phone"])).contains { $0.contains("reads elderPhone") } == false)
        #expect(errors(try manifest(grant: [], reads: ["$.data['notes']"])).first?.contains("reads notes") == true)
    }

    @Test func readsInsideEachAndInterpolationsAreChecked() throws {
        let manifest = try DeclarativeTesting.manifest(
            """
            id: health-commission
            title: 卫健委
            kind: declarative
            capabilities: [deliver]
            contracts: [elderly-visit@1]
            deliver:
              request:
                url: http://127.0.0.1:9002/visits/${$.data.elderIdNumber}
                body:
                  items: {$each: $.data.needs, $item: $.item}
            """)
        let found = errors(manifest)
        #expect(
            found.contains { $0.hasPrefix("adapter.yaml:8:41: error: $.data.elderIdNumber reads elderIdNumber") },
            "\(found)")
        #expect(
            found.contains { $0.hasPrefix("adapter.yaml:10:22: error: $.data.needs reads needs, a conditional field") })
    }

    @Test func unknownFieldsAndContractsAreNamed() throws {
        #expect(
            errors(try manifest(grant: ["eldrName"], reads: ["$.data.visitdate"])) == [
                "adapter.yaml:7:13: error: eldrName is not a field of elderly-visit@1 (did you mean \"elderName\"?)",
                "adapter.yaml:12:11: error: $.data.visitdate: visitdate is not a field of elderly-visit@1 (did you mean \"visitDate\"?)",
            ])
        #expect(
            errors(try manifest(grant: [], reads: [], contract: "elderly-vist@1")) == [
                "adapter.yaml:6:10: error: unknown contract elderly-vist@1 (did you mean \"elderly-visit@1\"?)"
            ])
    }

    @Test func mappedFieldsOfFetchAndIngestMustBeContractFields() throws {
        let manifest = try DeclarativeTesting.manifest(
            """
            id: grid-app
            title: 网格通
            kind: declarative
            capabilities: [fetch]
            contracts: [elderly-visit@1]
            fetch:
              request: {url: http://127.0.0.1:9003/lnr}
              records: $.rows
              map:
                elderName: $.record.xm
                sfzh: $.record.sfzh
            """)
        #expect(errors(manifest) == ["adapter.yaml:11:5: error: sfzh is not a field of elderly-visit@1"])
    }

    @Test func grantingAnOpenFieldIsAWarning() throws {
        let found = try manifest(grant: ["visitDate"], reads: []).check(against: DeclarativeTesting.catalog)
        #expect(found.map(\.severity) == [.warning])
    }

    @Test func anOptionalFieldReadWithoutOptionalOrDefaultIsAWarning() throws {
        let found = try manifest(
            grant: ["notes"],
            reads: [
                "$.data.notes", "$.data.notes | optional", "$.data.notes | default(无)", "$.data.visitor.phone",
                "$.data.visitor.name",
            ]
        ).check(against: DeclarativeTesting.catalog)
        #expect(
            found.map(\.description) == [
                "adapter.yaml:12:11: warning: notes is optional in elderly-visit@1, so a submission without it fails here; end the expression with | optional or | default(…)",
                "adapter.yaml:15:11: warning: phone is optional in elderly-visit@1, so a submission without it fails here; end the expression with | optional or | default(…)",
            ])
    }
}
