import Foundation
import GridwayFiles
import GridwayJSON
import OrderedCollections
import Testing

@testable import GridwayCore

/// The 一数一源 review on a fixture catalog of four contracts, and on the shipped catalog.
struct CatalogOverlapTests {
    static let elements = #"""
        {"elements": {
          "person.name": {"title": "姓名", "type": "string", "pii": "name", "sharing": "conditional", "subject": "person"},
          "person.idNumber": {"title": "身份证号", "type": "string", "pii": "id-number", "sharing": "restricted", "subject": "person"},
          "person.phone": {"title": "联系电话", "type": "string", "pii": "phone", "sharing": "restricted", "subject": "person"},
          "place.name": {"title": "场所名称", "type": "string", "pii": "none", "sharing": "open", "subject": "place"},
          "visit.date": {"title": "日期", "type": "string", "format": "date", "pii": "none", "sharing": "open", "subject": "event"}
        }}
        """#

    /// A contract `id@1` about `subject`, with string fields `(name, element, pii)`, all required;
    /// `visit.date` fields get `format: date`, and `/owner/name` is nested in an object.
    static func contract(_ id: String, subject: JSONValue, _ fields: [(String, String?, String)]) -> JSONValue {
        func property(_ element: String?, _ pii: String) -> JSONValue {
            var members: [String: JSONValue] = [
                "title": "字段", "description": "说明", "type": "string", "x-gridway-sharing": "open",
                "x-gridway-pii": .string(pii),
            ]
            if let element { members["x-gridway-element"] = .string(element) }
            if element == "visit.date" { members["format"] = "date" }
            return .object(.init(uniqueKeysWithValues: members.sorted { $0.key < $1.key }))
        }
        var properties: [(String, JSONValue)] = []
        for (name, element, pii) in fields {
            if name.hasPrefix("owner.") {
                properties.append(
                    (
                        "owner",
                        [
                            "title": "经营者", "description": "经营者", "type": "object", "x-gridway-sharing": "open",
                            "x-gridway-pii": "name", "required": ["name"],
                            "properties": ["name": property(element, pii)],
                        ]
                    ))
            } else {
                properties.append((name, property(element, pii)))
            }
        }
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "x-gridway-id": .string(id),
            "x-gridway-version": "1.0.0", "title": "测试", "description": "测试用的契约。", "x-gridway-period": "month",
            "x-gridway-subject": subject, "type": "object",
            "required": .array(properties.map { .string($0.0) }),
            "properties": .object(.init(uniqueKeysWithValues: properties)),
            "x-gridway-aggregates": ["measures": [], "dimensions": []],
        ]
    }

    static func fixtureCatalog() throws -> ContractCatalog {
        let folder = try ContractTemporaryFolder()
        try folder.write("elements.json", Array(elements.utf8))
        let contracts = [
            contract(
                "care-visit", subject: ["person.idNumber"],
                [
                    ("idNumber", "person.idNumber", "id-number"), ("name", "person.name", "name"),
                    ("phone", "person.phone", "phone"), ("day", "visit.date", "none"), ("remark", nil, "none"),
                ]),
            contract(
                "health-check", subject: ["person.idNumber"],
                [
                    ("id", "person.idNumber", "id-number"), ("phone", "person.phone", "phone"),
                    ("checkedOn", "visit.date", "none"),
                ]),
            contract(
                "shop-check", subject: ["place.name"],
                [
                    ("shop", "place.name", "none"), ("owner.name", "person.name", "name"),
                    ("ownerPhone", "person.phone", "phone"), ("contact", nil, "none"),
                ]),
            contract(
                "hotline", subject: ["person.name", "person.phone"],
                [("caller", "person.name", "name"), ("callback", "person.phone", "phone")]),
        ]
        for document in contracts {
            try folder.write("\(document["x-gridway-id"]!.stringValue!)@1.json", document.serialized())
        }
        return try ContractCatalog.load(directory: folder.url)
    }

    @Test func reviewsTheFixtureCatalog() throws {
        let overlap = CatalogOverlap(catalog: try Self.fixtureCatalog())
        #expect(overlap.shared.map(\.element.id) == ["person.idNumber", "person.name", "person.phone", "visit.date"])
        let phone = try #require(overlap.shared.first { $0.element.id == "person.phone" })
        #expect(
            phone.uses.map { "\($0.contract)\($0.field) \($0.reuseGroup ?? "-")" } == [
                "care-visit@1/phone person by person.idNumber",
                "health-check@1/phone person by person.idNumber",
                "hotline@1/callback person by person.name + person.phone",
                "shop-check@1/ownerPhone -",
            ])
        let name = try #require(overlap.shared.first { $0.element.id == "person.name" })
        #expect(name.uses.map(\.field.description) == ["/name", "/caller", "/owner/name"])
        #expect(overlap.shared.first?.isReused == true, "both contracts key the elder by the same ID number")
        #expect(
            overlap.notReused.map(\.element.id) == ["person.name", "person.phone"], "visit.date is an event element")
        #expect(
            overlap.unreferenced.map { "\($0.contract)\($0.field)" } == ["care-visit@1/remark", "shop-check@1/contact"])
        let json = overlap.json
        #expect(json["notReused"] == ["person.name", "person.phone"])
        #expect(json["unreferencedFields"]?[0] == ["contract": "care-visit@1", "field": "/remark", "title": "字段"])
        #expect(json["sharedElements"]?[0]?["contracts"] == 2)
        #expect(json["sharedElements"]?[0]?["reused"] == true)
        #expect(json["sharedElements"]?[2]?["uses"]?[3]?["reuseGroup"] == .null)
    }

    @Test func theShippedCatalogLoadsWithEveryFieldReferencingAnElement() throws {
        let catalog = try ContractCatalog.load(directory: ContractTestSupport.contractsDirectory)
        #expect(catalog.contracts.allSatisfy { $0.subject != nil })
        let overlap = CatalogOverlap(catalog: catalog)
        #expect(overlap.unreferenced.isEmpty, "\(overlap.unreferenced)")
        #expect(overlap.shared.map(\.element.id) == ["person.phone", "report.notes"])
        #expect(
            overlap.notReused.map(\.element.id) == ["person.phone"], "the incident reporter's phone is no subject fact")
        let used = Set(catalog.contracts.flatMap { Contract.pointers(to: $0.fields).compactMap(\.field.element) })
        let unused = catalog.elements.elements.map(\.id).filter { !used.contains($0) }
        #expect(unused == ["person.birthDate", "household.members", "household.address"])
    }
}
