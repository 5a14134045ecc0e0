import GridwayAdapters
import GridwayCore
import GridwayJSON

/// A transport that sends nothing and answers every request with the same response.
struct CannedTransport: HTTPTransport {
    let response: InboundResponse

    func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse { response }

    /// 民政局's JSON answer: code 0 and a receipt number.
    static let civilAffairs = CannedTransport(
        response: InboundResponse(
            status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(#"{"code":0,"message":"成功","data":{"receiptNo":"MZ000001"}}"#.utf8)))

    /// 卫健局's SOAP answer, with its own prefixes: code 0 and a receipt number.
    static func healthCommission() throws -> CannedTransport {
        let envelope: JSONValue = [
            "SOAP-ENV:Envelope": [
                "@xmlns:SOAP-ENV": "http://schemas.xmlsoap.org/soap/envelope/",
                "SOAP-ENV:Body": [
                    "ns2:SubmitElderlyVisitResponse": [
                        "@xmlns:ns2": "urn:hpwjj:elderly-health:v1",
                        "ns2:result": ["ns2:code": "0", "ns2:message": "接收成功", "ns2:receiptNo": "WJ20261105000042"],
                    ]
                ],
            ]
        ]
        return CannedTransport(
            response: InboundResponse(
                status: 200, headers: [HTTPHeader("Content-Type", "text/xml; charset=utf-8")],
                body: try BodyFormat.xml.encode(envelope)))
    }
}
