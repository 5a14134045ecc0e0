import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
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

    /// A fetch manifest for elderly-visit@1 granting `grant`, whose `fetch:` section ends with `extra`
    /// lines, preceded by an `ingest:` section with `ingestMap` when given.
    private func fetchManifest(_ extra: String, grant: String = "elderName", ingestMap: String? = nil) -> String {
        let ingest = ingestMap.map {
            "ingest:\n  verify: {type: none}\n  records: $.data\n  unit: $.record.sqdm\n  sourceID: $.record.jlbh\n  map: \($0)\n"
        }
        return """
            id: sqt
            title: 社区通
            kind: declarative
            capabilities: [fetch\(ingest == nil ? "" : ", ingest")]
            contracts:
              - ref: elderly-visit@1
                grant: [\(grant)]
            \(ingest ?? "")fetch:
              request: {url: http://127.0.0.1:9104/api}
              records: $.rows
            \(extra)
            """
    }

    /// A fetch adapter says which mapped field carries a record's org unit, or that records have none;
    /// saying neither is warned about, and naming a key the map lacks is an error.
    @Test func aFetchAdapterDeclaresItsRecordsUnit() throws {
        let withField = try DeclarativeTesting.manifest(
            fetchManifest("  unitField: unit\n  map: {elderName: $.record.xm, unit: $.record.sqdm}"))
        #expect(withField.descriptor.recordUnit == .field("unit"))
        #expect(withField.warnings.isEmpty, "\(withField.warnings)")
        #expect(errors(withField).isEmpty, "the unit field need not be a contract field")
        let unitless = try DeclarativeTesting.manifest(
            fetchManifest("  unitField: none\n  map: {elderName: $.record.xm}"))
        #expect(unitless.descriptor.recordUnit == .unitless)
        #expect(unitless.warnings.isEmpty, "\(unitless.warnings)")
        let undeclared = try DeclarativeTesting.manifest(fetchManifest("  map: {elderName: $.record.xm}"))
        #expect(undeclared.descriptor.recordUnit == nil)
        #expect(
            undeclared.warnings.map(\.severity) == [.warning]
                && undeclared.warnings[0].message.hasPrefix("fetch declares no unitField"))
        let misnamed = DeclarativeTesting.diagnostics(
            fetchManifest("  unitField: unti\n  map: {elderName: $.record.xm, unit: $.record.sqdm}"))
        #expect(
            misnamed.map(\.description) == [
                #"adapter.yaml:11:14: error: unitField "unti" is not a key of map (did you mean "unit"?); map the record's org unit to it, or write unitField: none"#
            ])
    }

    /// Fetched records pass through the grant, so a fetch map writing an ungranted field is warned
    /// about where the key is written; granted and open fields, the `unitField` key (read before the
    /// grant) and ingest maps (not filtered by the grant) are not.
    @Test func aFetchMapWritingAnUngrantedFieldIsAWarning() throws {
        func manifest(grant: String) throws -> AdapterManifest {
            try DeclarativeTesting.manifest(
                fetchManifest(
                    """
                      unitField: address
                      map:
                        elderName: $.record.xm
                        visitDate: $.record.rq
                        elderPhone: $.record.dh
                        address: $.record.dz
                        notes: $.record.bz
                    """,
                    grant: grant, ingestMap: "{elderName: $.record.xm, elderPhone: $.record.dh}"))
        }
        let ungranted = try manifest(grant: "elderName")
        #expect(ungranted.warnings.isEmpty, "\(ungranted.warnings)")
        #expect(
            ungranted.check(against: DeclarativeTesting.catalog).map(\.description) == [
                "adapter.yaml:21:5: warning: fetch map writes elderPhone, a restricted field of elderly-visit@1 that the grant does not include, so Gridway drops it from every fetched record; add it to the contract's grant: list, or remove it from map",
                "adapter.yaml:23:5: warning: fetch map writes notes, a restricted field of elderly-visit@1 that the grant does not include, so Gridway drops it from every fetched record; add it to the contract's grant: list, or remove it from map",
            ])
        let granted = try manifest(grant: "elderName, elderPhone, notes")
        #expect(granted.check(against: DeclarativeTesting.catalog).isEmpty)
    }

    /// A merge key copies an anchored map into another, which adds its own keys (as 社区通 does for fetch).
    @Test func aMergeKeySharesAMapAndAddsTheUnit() async throws {
        let adapter = try DeclarativeTesting.adapter(
            """
            id: sqt
            title: 社区通
            kind: declarative
            capabilities: [fetch, ingest]
            contracts:
              - ref: elderly-visit@1
                grant: [elderName]
            ingest:
              verify: {type: none}
              records: $.data
              unit: $.record.sqdm
              sourceID: $.record.jlbh
              map: &visit {elderName: $.record.xm}
            fetch:
              request: {url: http://127.0.0.1:9104/api}
              records: $.rows
              unitField: unit
              map:
                <<: *visit
                unit: $.record.sqdm
            """)
        let transport = HandlerTransport { _ in .json(200, ["rows": [["xm": "王桂兰", "sqdm": "210102001001"]]]) }
        let records = try await adapter.fetch(
            FetchQuery(contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001"), through: transport)
        #expect(records == [["elderName": "王桂兰", "unit": "210102001001"]])
        #expect(adapter.descriptor.recordUnit == .field("unit"))
    }
}
