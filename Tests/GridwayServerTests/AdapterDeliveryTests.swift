import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// One submission delivered to JSON, form-encoded and SOAP upstreams standing in on 127.0.0.1, each in its own format.
@Suite(.timeLimit(.minutes(3))) struct AdapterDeliveryTests {
    private static func formTarget(_ url: String) throws -> DeclarativeAdapter {
        try TestAdapters.declarative(
            """
            id: grid-centre-form
            title: 综治中心（表单接口）
            kind: declarative
            capabilities: [deliver]
            contracts:
              - ref: elderly-visit@1
                grant: [elderName]
            deliver:
              request:
                method: POST
                url: \(url)/wgh/visit/report.do
                format: form
                body:
                  ywbh: $.submission.id
                  xm: $.data.elderName
                  zfrq: $.data.visitDate | date(yyyy-MM-dd, yyyyMMdd)
                  zfsc: $.data.durationMinutes
              response:
                format: form
                success: {status: [200], when: '$.code == "0"'}
                receipt: $.receiptNo
            """)
    }

    private static func soapTarget(_ url: String) throws -> DeclarativeAdapter {
        try TestAdapters.declarative(
            """
            id: health-soap
            title: 卫健委（SOAP 接口）
            kind: declarative
            capabilities: [deliver]
            contracts:
              - ref: elderly-visit@1
                grant: [healthStatus]
            deliver:
              request:
                method: POST
                url: \(url)/services/Visit
                format: xml
                xml:
                  root: soap:Envelope
                  namespaces: {soap: "\(SOAPDepartment.envelopeNamespace)", wj: "urn:test:health"}
                body:
                  soap:Body:
                    wj:Submit:
                      wj:visitId: $.submission.id
                      wj:health: $.data.healthStatus
              response:
                format: xml
                xml:
                  namespaces: {soap: "\(SOAPDepartment.envelopeNamespace)", gw: "\(SOAPDepartment.serviceNamespace)"}
                success: {status: [200], when: "$['soap:Envelope']['soap:Body']['gw:submitResponse']['gw:resultCode'] == '0'"}
                receipt: "$['soap:Envelope']['soap:Body']['gw:submitResponse']['gw:receiptNo']"
            """)
    }

    @Test func eachUpstreamReceivesItsOwnFormatAndAnswersWithAReceipt() async throws {
        try await withStandIn(JSONDepartment()) { civil in
            try await withStandIn(FormDepartment()) { grid in
                try await withStandIn(SOAPDepartment()) { health in
                    let gateway = try await AdapterTestGateway(
                        adapters: [
                            try TestAdapters.shipped(
                                "civil-affairs-elderly",
                                settings: ["CIVIL_AFFAIRS_URL": civil.baseURL, "CIVIL_AFFAIRS_TOKEN": "mz-token"]),
                            try Self.formTarget(grid.baseURL), try Self.soapTarget(health.baseURL),
                        ], delivery: true)
                    let receipts = try await gateway.application.test(.router) { client in
                        let id = try await client.execute(
                            uri: "/v1/submissions", method: .post,
                            headers: gateway.base.headers("community", idempotencyKey: "fan-out"), body: try visitBody()
                        ) { try #require(try $0.json["id"]?.stringValue) }
                        let deadline = ContinuousClock.now + .seconds(10)
                        while true {
                            let deliveries = try await client.execute(
                                uri: "/v1/submissions/\(id)", method: .get, headers: gateway.headers("community")
                            ) { try $0.json["deliveries"]?.arrayValue ?? [] }
                            if deliveries.count == 3,
                                deliveries.allSatisfy({ $0["state"] == "delivered" }) || ContinuousClock.now > deadline
                            {
                                return Dictionary(
                                    uniqueKeysWithValues: deliveries.map {
                                        ($0["target"]?.stringValue ?? "", $0["receipt"])
                                    })
                            }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                    #expect(
                        receipts == [
                            "civil-affairs-elderly": "MZ000001", "grid-centre-form": "ZZ000001",
                            "health-soap": "WJ000001",
                        ])

                    let json = try #require(civil.control.requests.first)
                    #expect(json.path == "/api/v1/elderly/visits")
                    #expect(json.header("Authorization") == "Bearer mz-token")
                    #expect(json.json?["elder"]?["idCard"] == "210102193805120025", "granted by the shipped manifest")

                    let form = try #require(grid.control.requests.first)
                    #expect(form.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true)
                    #expect(form.form?["xm"] == "王桂兰")
                    #expect(form.form?["zfrq"] == "20261105")
                    #expect(form.form?["zfsc"] == "40")

                    let soap = try #require(health.control.requests.first)
                    #expect(soap.header("Content-Type")?.hasPrefix("application/xml") == true)
                    #expect(soap.text.contains("<wj:health>fair</wj:health>"))
                    #expect(soap.text.contains("soap:Envelope"))
                }
            }
        }
    }
}
