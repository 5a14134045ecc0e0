import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

@testable import GridwayServer

@Suite(.timeLimit(.minutes(3))) struct ContractRouteTests {
    @Test func catalogListsEveryContractWithSharingAndPII() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let catalog = try await client.execute(
                uri: "/v1/contracts", method: .get, headers: gateway.headers("community")
            ) {
                response in
                #expect(response.status == .ok)
                return try response.json
            }
            let ids = catalog["contracts"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids == gateway.services.catalog.ids)
            #expect(ids.contains("elderly-visit"))
            let visit = try #require(catalog["contracts"]?.arrayValue?.first { $0["id"] == "elderly-visit" })
            let fields = try #require(visit["versions"]?[0]?["fields"]?.arrayValue)
            let idNumber = try #require(fields.first { $0["name"] == "elderIdNumber" })
            #expect(idNumber["pii"] == "id-number")
            #expect(idNumber["sharing"] == "restricted")
            #expect(visit["versions"]?[0]?["schema"] == nil, "the catalog leaves full schemas to the per-version route")
        }
    }

    @Test func everyVersionSaysItsSubjectAndEachFieldsElementAndKindOfFact() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let catalog = try await client.execute(
                uri: "/v1/contracts", method: .get, headers: gateway.headers("community")
            ) { try $0.json }
            func version(_ id: String) throws -> JSONValue {
                try #require(catalog["contracts"]?.arrayValue?.first { $0["id"] == .string(id) }?["versions"]?[0])
            }
            func field(_ name: String, of id: String) throws -> JSONValue {
                try #require(try version(id)["fields"]?.arrayValue?.first { $0["name"] == .string(name) })
            }
            #expect(
                try version("elderly-visit")["subject"]
                    == ["kind": "person", "key": [["element": "person.idNumber", "field": "/elderIdNumber"]]])
            let subjectFacts = [
                ("elderName", "person.name"), ("elderPhone", "person.phone"), ("address", "person.address"),
            ]
            for (name, element) in subjectFacts {
                #expect(try field(name, of: "elderly-visit")["element"] == .string(element))
                #expect(try field(name, of: "elderly-visit")["fact"] == "subject", "\(name) is prefilled")
            }
            #expect(try field("visitDate", of: "elderly-visit")["element"] == "visit.date")
            #expect(try field("visitDate", of: "elderly-visit")["fact"] == "event")
            let visitor = try field("visitor", of: "elderly-visit")
            #expect(visitor["fact"] == "event")
            #expect(visitor["fields"]?.arrayValue?.allSatisfy { $0["fact"] == "event" && $0["element"] == nil } == true)

            #expect(try version("population-change")["subject"] == ["kind": "org-unit", "key": []])
            #expect(try version("grid-incident")["subject"] == ["kind": "event", "key": []])
            let reporterPhone = try field("reporterPhone", of: "grid-incident")
            #expect(reporterPhone["element"] == "person.phone")
            #expect(reporterPhone["fact"] == "event", "a person's phone in a report about an event is never prefilled")
            #expect(
                try version("safety-inspection")["subject"]?["key"]?.arrayValue?.compactMap { $0["field"]?.stringValue }
                    == ["/placeName", "/placeAddress"])

            try await client.execute(
                uri: "/v1/contracts/elderly-visit@1", method: .get, headers: gateway.headers("upstream")
            ) { response in
                let single = try response.json
                #expect(single["subject"] == (try version("elderly-visit")["subject"]))
                #expect(single["fields"] == (try version("elderly-visit")["fields"]))
            }
        }
    }

    @Test func theNestedFieldsOfAPrefilledFieldAreSubjectFactsAndAnUndeclaredSubjectIsLeftOut() throws {
        let elements = try ContractCatalog.loadElements(
            directory: TestGateway.repositoryRoot.appendingPathComponent("contracts"))
        func contract(subject: JSONValue?) throws -> Contract {
            var document: OrderedDictionary<String, JSONValue> = [
                "$schema": "https://json-schema.org/draft/2020-12/schema", "x-gridway-id": "household-visit",
                "x-gridway-version": "1.0.0", "title": "入户走访", "description": "测试用", "x-gridway-period": "month",
                "x-gridway-aggregates": ["measures": [], "dimensions": []], "type": "object",
                "required": ["householdAddress", "members"],
                "properties": [
                    "householdAddress": [
                        "title": "户籍地址", "description": "户口登记的住址。", "type": "string",
                        "x-gridway-element": "household.address", "x-gridway-sharing": "conditional",
                        "x-gridway-pii": "address",
                    ],
                    "members": [
                        "title": "家庭成员", "description": "户内成员名单。", "type": "array",
                        "x-gridway-element": "household.members", "x-gridway-sharing": "conditional",
                        "x-gridway-pii": "name",
                        "items": ["type": "object", "properties": ["name": ["type": "string"]]],
                    ],
                    "reporterPhone": [
                        "title": "联系电话", "description": "走访人电话。", "type": "string",
                        "x-gridway-element": "person.phone", "x-gridway-sharing": "restricted",
                        "x-gridway-pii": "phone",
                    ],
                ],
            ]
            if let subject { document["x-gridway-subject"] = subject }
            return try Contract(document: .object(document), source: "household-visit@1.json", elements: elements)
        }
        let view = ContractView.version(
            try contract(subject: ["household.address"]), includingSchema: false, adapters: .empty)
        let members = try #require(view["fields"]?.arrayValue?.first { $0["name"] == "members" })
        #expect(members["fact"] == "subject")
        #expect(members["fields"]?[0]?["fact"] == "subject", "a member's name is prefilled with the list it is part of")
        #expect(members["fields"]?[0]?["element"] == nil)
        #expect(view["fields"]?.arrayValue?.first { $0["name"] == "reporterPhone" }?["fact"] == "event")
        #expect(
            view["subject"]
                == ["kind": "household", "key": [["element": "household.address", "field": "/householdAddress"]]])

        let undeclared = ContractView.version(try contract(subject: nil), includingSchema: false, adapters: .empty)
        #expect(undeclared["subject"] == nil)
        #expect(undeclared["fields"]?.arrayValue?.allSatisfy { $0["fact"] == "event" } == true, "nothing is prefilled")
    }

    @Test func oneVersionCarriesItsSchemaAndUnknownOnesAre404() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/contracts/elderly-visit@1", method: .get, headers: gateway.headers("upstream")
            ) {
                response in
                let version = try response.json
                #expect(version["ref"] == "elderly-visit@1")
                #expect(version["period"] == "month")
                #expect(version["schema"]?["x-gridway-id"] == "elderly-visit")
            }
            try await client.execute(
                uri: "/v1/contracts/elderly-visit", method: .get, headers: gateway.headers("upstream")
            ) {
                response in
                let entry = try response.json
                #expect(entry["versions"]?.arrayValue?.count == 1)
            }
            for missing in ["/v1/contracts/elderly-visit@7", "/v1/contracts/noise"] {
                try await client.execute(uri: missing, method: .get, headers: gateway.headers("upstream")) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
    }

    @Test func openAPIDescriptionIsServedFromTheBinary() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get, headers: gateway.headers("community")) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1"))
            }
        }
    }
}
