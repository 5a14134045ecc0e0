import Foundation
import GridwayJSON
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct DeclarativeResponseTests {
    private static let now = Date(timeIntervalSince1970: 1_793_836_800)

    private static func manifest(_ response: String) -> String {
        """
        id: response-test
        title: 回执测试
        kind: declarative
        capabilities: [deliver]
        contracts: [elderly-visit@1]
        deliver:
          request:
            url: http://127.0.0.1:9001/api/visits
            body: {rq: $.data.visitDate}
          response:
        \(response.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    private static let rules = """
        success: {status: [200-299], when: '$.code == "0000"'}
        receipt: $.data.receiptNo
        message: $.msg
        retry: {when: '$.code in ["E9001", "E9002"]'}
        """

    private func outcome(_ response: InboundResponse, rules: String = rules) async throws -> DeliveryOutcome {
        try await DeclarativeTesting.adapter(Self.manifest(rules), now: Self.now)
            .deliver(DeclarativeAdapterTests.input, through: RecordingTransport(responses: [response]))
    }

    @Test(arguments: [
        (
            InboundResponse.json(200, ["code": "0000", "data": ["receiptNo": "MZ1"]]),
            DeliveryOutcome.delivered(receipt: "MZ1")
        ),
        (.json(201, ["code": "0000", "data": ["receiptNo": 20_261_105]]), .delivered(receipt: "20261105")),
        (.json(200, ["code": "0000"]), .delivered(receipt: nil)),
        (
            .json(200, ["code": "1001", "msg": "参数错误"]),
            .rejected(reason: #"HTTP 200: 参数错误 ($.code == "0000" does not hold)"#)
        ),
        (
            .json(200, ["code": "E9002", "msg": "系统繁忙"]),
            .retry(reason: #"HTTP 200: 系统繁忙 ($.code == "0000" does not hold)"#, after: nil)
        ),
        (.json(400, ["code": "1001", "msg": "缺少字段"]), .rejected(reason: "HTTP 400: 缺少字段")),
        (InboundResponse(status: 404, body: Array("not here".utf8)), .rejected(reason: "HTTP 404: not here")),
        (InboundResponse(status: 408), .retry(reason: "HTTP 408", after: nil)),
        (InboundResponse(status: 425), .retry(reason: "HTTP 425", after: nil)),
        (
            InboundResponse(status: 500, body: Array("<html>oops".utf8)),
            .retry(reason: "HTTP 500: <html>oops", after: nil)
        ),
        (
            InboundResponse(status: 503, headers: [HTTPHeader("Retry-After", "120")]),
            .retry(reason: "HTTP 503", after: .seconds(120))
        ),
        (
            InboundResponse(status: 429, headers: [HTTPHeader("retry-after", "Thu, 05 Nov 2026 00:01:30 GMT")]),
            .retry(reason: "HTTP 429", after: .seconds(90))
        ),
        (
            InboundResponse(status: 429, headers: [HTTPHeader("Retry-After", "Wed, 04 Nov 2026 23:00:00 GMT")]),
            .retry(reason: "HTTP 429", after: .zero)
        ),
        (
            InboundResponse(status: 429, headers: [HTTPHeader("Retry-After", "soon")]),
            .retry(reason: "HTTP 429", after: nil)
        ),
    ])
    func outcomes(response: InboundResponse, expected: DeliveryOutcome) async throws {
        #expect(try await outcome(response) == expected)
    }

    @Test func theManifestCanRetryOtherStatusesAndStopRetryingDefaults() async throws {
        let rules = "retry: {status: [409, 502-504]}"
        #expect(try await outcome(InboundResponse(status: 409), rules: rules) == .retry(reason: "HTTP 409", after: nil))
        #expect(try await outcome(InboundResponse(status: 500), rules: rules) == .rejected(reason: "HTTP 500"))
        #expect(try await outcome(InboundResponse(status: 429), rules: rules) == .rejected(reason: "HTTP 429"))
        #expect(
            try await outcome(InboundResponse(status: 200), rules: rules) == .delivered(receipt: nil),
            "2xx succeeds by default")
    }

    @Test func anUnreadableSuccessBodyIsAnError() async throws {
        await #expect(throws: AdapterError.self) {
            try await outcome(InboundResponse(status: 200, body: Array("<html>".utf8)))
        }
    }

    @Test func aSOAPStyleXMLAnswerIsRead() async throws {
        let rules = """
            format: xml
            xml: {namespaces: {soap: "http://schemas.xmlsoap.org/soap/envelope/"}}
            success: {when: "$['soap:Envelope']['soap:Body'].Result.Code == 0"}
            receipt: "$['soap:Envelope']['soap:Body'].Result.ReceiptNo"
            message: "$['soap:Envelope']['soap:Body'].Result.Message"
            """
        let body = { (code: String) in
            Array(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><Result>\
                <Code>\(code)</Code><Message>重复提交</Message><ReceiptNo>WJ-77</ReceiptNo></Result></S:Body></S:Envelope>
                """.utf8)
        }
        #expect(
            try await outcome(InboundResponse(status: 200, body: body("0")), rules: rules)
                == .delivered(receipt: "WJ-77"))
        #expect(
            try await outcome(InboundResponse(status: 200, body: body("17")), rules: rules)
                == .rejected(reason: "HTTP 200: 重复提交 ($['soap:Envelope']['soap:Body'].Result.Code == 0 does not hold)"))
    }

    @Test(
        arguments: [
            ("$.ok", ["ok": true], true), ("$.ok", ["ok": 0], false), ("$.ok", [:], false),
            ("$.ok", ["ok": "yes"], true),
            ("$.code != 'FAIL'", ["code": "OK"], true), ("$.code != 'FAIL'", [:], true),
            ("$.code not in [1, 2]", ["code": "3"], true), ("$.code in [1, 2]", ["code": "2"], true),
            ("$.n == 1.5", ["n": 1.5], true), ("$.flag == true", ["flag": "true"], true),
            ("$.x == null", ["x": nil], true),
            ("$.items[?@.state == 'ok'].id == 'a'", ["items": [["state": "ok", "id": "a"]]], true),
        ] as [(String, JSONValue, Bool)])
    func predicates(text: String, body: JSONValue, holds: Bool) throws {
        let reader = ManifestReader(file: "t")
        let context = ManifestContext(reader: reader, settings: [:], tables: [:])
        let node = try #require(try YAMLNode.compose("x", file: "t"))
        let predicate = try #require(
            ResponsePredicateParser.parse(text, in: node, context.compiler("the response body", roots: [])))
        #expect(predicate.holds(in: body) == holds)
    }

    @Test(arguments: [
        ("$.code = 1", "bad JSONPath"), ("$.code == abc", "expected a quoted text"),
        ("$.code in 1", "after \"in\" write a list"),
    ])
    func badPredicatesAreReported(text: String, message: String) throws {
        let diagnostics = DeclarativeTesting.diagnostics(Self.manifest("success: {when: '\(text)'}"))
        #expect(diagnostics.contains { $0.message.contains(message) }, "\(diagnostics)")
    }
}
