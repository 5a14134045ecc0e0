import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// A Gridway with fetch sources for elderly-visit@1 (`a-civil`, `b-health`…, over JSON stand-ins).
enum PrefillGateway {
    /// The source ids, in order.
    static var sourceIDs: [String] { ["a-civil", "b-health", "c-extra"] }

    /// A gateway whose fetch sources are `sources` (granted every subject fact), with the
    /// repository's contracts and `extraContracts`.
    static func make(sources: [RunningStandIn<JSONDepartment>], extraContracts: [JSONValue] = []) async throws
        -> AdapterTestGateway
    {
        let adapters = try zip(sourceIDs, sources).map { id, source in
            try TestAdapters.source(
                id, url: source.baseURL + "/api", grant: ["elderName", "elderIdNumber", "elderPhone", "address"],
                records: "$.data.records")
        }
        let plain = try await AdapterTestGateway(adapters: adapters)
        guard !extraContracts.isEmpty else { return plain }
        let catalog = plain.services.catalog
        let extra = try extraContracts.map { try Contract(document: $0, source: "test", elements: catalog.elements) }
        var services = plain.services
        services.catalog = try ContractCatalog(contracts: catalog.contracts + extra, elements: catalog.elements)
        return AdapterTestGateway(base: plain.base, services: services)
    }

    /// A second contract about residents, keyed like elderly-visit@1 by `person.idNumber`: a family
    /// doctor's follow-up, where a phone number typed may prefill the elderly-visit report.
    static var healthVisit: JSONValue {
        func field(_ title: String, _ element: String, _ sharing: String, _ pii: String) -> JSONValue {
            [
                "title": .string(title), "description": .string(title), "type": "string",
                "x-gridway-element": .string(element), "x-gridway-sharing": .string(sharing),
                "x-gridway-pii": .string(pii),
            ]
        }
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "x-gridway-id": "health-visit",
            "x-gridway-version": "1.0.0", "title": "家庭医生随访记录", "description": "家庭医生对签约居民的随访。",
            "x-gridway-period": "month", "x-gridway-subject": ["person.idNumber"], "type": "object",
            "required": ["residentIdNumber"], "additionalProperties": false,
            "x-gridway-aggregates": ["measures": [], "dimensions": []],
            "properties": [
                "residentName": field("居民姓名", "person.name", "conditional", "name"),
                "residentIdNumber": field("居民身份证号", "person.idNumber", "restricted", "id-number"),
                "phone": field("联系电话", "person.phone", "restricted", "phone"),
                "notes": field("随访记录", "report.notes", "restricted", "none"),
            ],
        ]
    }

}

/// A ``PrefillGateway`` driven through its HTTP routes: submissions about residents, and prefills.
struct PrefillWorld {
    let client: any TestClientProtocol
    let gateway: AdapterTestGateway

    /// Submits an elderly-visit@1 report about `idNumber` (the contract's example otherwise; `phone`
    /// `nil` leaves the phone out); returns its id.
    func submitVisit(
        about idNumber: String, name: String, phone: String? = "024-23456789", unit: String = "210102001001",
        as key: String = "community", key idempotencyKey: String
    ) async throws -> String {
        let body = try visitBody(unit: unit) { data in
            data["elderIdNumber"] = .string(idNumber)
            data["elderName"] = .string(name)
            data["elderPhone"] = phone.map(JSONValue.string)
        }
        return try await post(body, as: key, key: idempotencyKey)
    }

    /// Submits `envelope` as the `community` key; returns the stored id.
    func submit(_ envelope: JSONValue, key idempotencyKey: String) async throws -> String {
        try await post(ByteBuffer(bytes: envelope.serialized()), as: "community", key: idempotencyKey)
    }

    private func post(_ body: ByteBuffer, as key: String, key idempotencyKey: String) async throws -> String {
        try await client.execute(
            uri: "/v1/submissions", method: .post, headers: gateway.base.headers(key, idempotencyKey: idempotencyKey),
            body: body
        ) { response in
            #expect(response.status == .accepted, "\(String(buffer: response.body))")
            return try #require(try response.json["id"]?.stringValue)
        }
    }

    /// The answer to `GET /v1/prefill?<query>` as `key`, which must be 200.
    func prefill(_ query: String, as key: String = "community") async throws -> JSONValue {
        try await client.execute(uri: "/v1/prefill?" + query, method: .get, headers: gateway.headers(key)) { response in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            return try response.json
        }
    }
}

/// A seeded SplitMix64 generator: random test data that repeats for a seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
