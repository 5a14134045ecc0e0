import Foundation
import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

/// Measured fields are bounded, so one report cannot push its ancestors' totals out of exact range.
@Suite(.timeLimit(.minutes(3))) struct MeasuredValueTests {
    /// A population-change@1 report, the contract's first example with one age band replaced.
    private static func populationBody(age0to17: JSONValue) throws -> ByteBuffer {
        let contract = try JSONValue(
            parsing: Array(
                try Data(
                    contentsOf: TestGateway.repositoryRoot.appendingPathComponent("contracts/population-change@1.json"))
            ))
        guard case .object(var data)? = contract["examples"]?[0], case .object(var bands)? = data["residentsByAgeBand"]
        else { throw CancellationError() }
        bands["age0to17"] = age0to17
        data["residentsByAgeBand"] = .object(bands)
        let envelope: JSONValue = [
            "contract": "population-change@1", "unit": "210102001001", "period": "2026-11", "data": .object(data),
        ]
        return ByteBuffer(bytes: envelope.serialized())
    }

    /// `1.7e308` (and `1e300`, an "integer" to JSON) in an age band once turned every ancestor's total
    /// into `null`; the band now has a maximum, and the value is refused at the field.
    @Test(.timeLimit(.minutes(2)), arguments: [JSONValue.number(1.7e308), .number(1e300), .integer(1_000_001)])
    func anOutOfRangeMeasuredValueIsRefusedAtTheField(_ value: JSONValue) async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "huge"),
                body: try Self.populationBody(age0to17: value)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try response.json
                #expect(problem["type"] == "/problems/schema-violation")
                let locations = problem["errors"]?.arrayValue?.compactMap { $0["instanceLocation"]?.stringValue }
                #expect(locations?.contains("/data/residentsByAgeBand/age0to17") == true, "\(problem)")
            }
        }
        #expect(try await gateway.storedCounts().submissions == 0)
    }
}
