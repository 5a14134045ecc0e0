import Foundation
import GridwayJSON
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct DeclarativeFormatsTests {
    private static func manifest(format: String, body: String, capability: String = "deliver") -> String {
        """
        id: format-test
        title: 格式测试
        kind: declarative
        capabilities: [\(capability)]
        contracts:
          - ref: elderly-visit@1
            grant: [elderName, needs]
        tables:
          need: {meal: "01", home-safety: "06"}
        \(capability):
          request:
            url: http://127.0.0.1:9004/ws
        \(format.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            body:
        \(body.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        """
    }

    private func body(_ yaml: String, input: DeliveryInput = DeclarativeAdapterTests.input) async throws
        -> OutboundRequest
    {
        let transport = RecordingTransport(responses: [InboundResponse(status: 200)])
        _ = try await DeclarativeTesting.adapter(yaml).deliver(input, through: transport)
        return try #require(transport.requests.first)
    }

    @Test func anXMLBodyWithRepeatedItemsAndNamespaces() async throws {
        let yaml = Self.manifest(
            format:
                "format: xml\nxml: {root: 'soap:Envelope', namespaces: {soap: 'http://schemas.xmlsoap.org/soap/envelope/', mz: 'http://mz.gov.cn/ws'}}",
            body: """
                soap:Body:
                  mz:VisitRecord:
                    '@version': "2"
                    mz:ElderName: $.data.elderName
                    mz:VisitTime: $.data.visitDate | date(yyyy-MM-dd, yyyy-MM-dd'T'HH:mm:ss)
                    mz:Needs:
                      mz:Item: {$each: $.data.needs, $item: {'@seq': $.index, '#text': $.item | lookup(need)}}
                """)
        let request = try await body(yaml)
        #expect(request.header("Content-Type") == "application/xml; charset=utf-8")
        let text = String(decoding: request.body, as: UTF8.self)
        #expect(
            text.contains(
                #"<soap:Envelope xmlns:mz="http://mz.gov.cn/ws" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">"#
            ), "\(text)")
        #expect(
            text.contains(
                #"<mz:VisitRecord version="2"><mz:ElderName>王桂兰</mz:ElderName><mz:VisitTime>2026-11-05T00:00:00</mz:VisitTime>"#
            ), "\(text)")
        #expect(
            text.contains(#"<mz:Needs><mz:Item seq="0">01</mz:Item><mz:Item seq="1">06</mz:Item></mz:Needs>"#),
            "\(text)")
    }

    @Test func legacyFamilyRowsFromAList() async throws {
        var input = DeclarativeAdapterTests.input
        input.data = ["needs": ["meal", "home-safety"], "elderName": "王桂兰"]
        let yaml = Self.manifest(
            format: "format: json",
            body: """
                jtcy:
                  $each: $.data.needs
                  $item: {xh: $.index, xqdm: $.item | lookup(need), xm: $.data.elderName, dw: $.submission.unit}
                """)
        let request = try await body(yaml, input: input)
        #expect(
            try JSONValue(parsing: request.body) == [
                "jtcy": [
                    ["xh": 0, "xqdm": "01", "xm": "王桂兰", "dw": "210102001001"],
                    ["xh": 1, "xqdm": "06", "xm": "王桂兰", "dw": "210102001001"],
                ]
            ])
    }

    @Test func aFormBodyFlattensAndRepeats() async throws {
        let yaml = Self.manifest(
            format: "format: form",
            body: """
                xm: $.data.elderName
                zfr: $.data.visitor.name
                xq: $.data.needs
                bz: $.data.notes | optional
                sj: ${$.data.visitDate} ${$.data.durationMinutes}分钟
                """)
        let request = try await body(
            yaml.replacingOccurrences(of: "grant: [elderName, needs]", with: "grant: [elderName, needs, notes]"),
            input: Self.withVisitor)
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "xm=%E7%8E%8B%E6%A1%82%E5%85%B0&zfr=%E6%9D%8E%E6%99%93%E6%A2%85&xq=meal&xq=home-safety&sj=2026-11-05+40%E5%88%86%E9%92%9F"
        )
    }

    @Test func aNestedObjectInAFormBodyIsAMappingErrorAtTheBody() async throws {
        let yaml = Self.manifest(format: "format: form", body: "visitor: $.data.visitor")
        let error = await #expect(throws: AdapterError.self) { try await body(yaml, input: Self.withVisitor) }
        guard case .mapping(let location, let reason)? = error else {
            Issue.record("expected a mapping error")
            return
        }
        #expect(location == "body")
        #expect(reason.contains("/visitor"))
    }

    @Test func aGB18030CSVBody() async throws {
        let yaml = Self.manifest(
            format: "format: csv\ncharset: gb18030\ncsv: {delimiter: ';'}",
            body: """
                - {姓名: $.data.elderName, 日期: $.data.visitDate}
                """)
        let request = try await body(yaml)
        #expect(request.header("Content-Type") == "text/csv; charset=gb18030; header=present")
        #expect(request.body != Array("姓名;日期\r\n王桂兰;2026-11-05\r\n".utf8), "the body is in GB18030, not UTF-8")
        #expect(
            try BodyFormat.csv.decode(
                request.body, options: BodyFormatOptions(charset: .gb18030, delimiter: .semicolon))
                == [["姓名": "王桂兰", "日期": "2026-11-05"]])
    }

    @Test func notifyMapsAResultDown() async throws {
        let yaml = Self.manifest(
            format: "format: json",
            body: """
                bt: $.result.title
                nr: $.result.body | trim
                lx: $.result.kind
                jzrq: $.result.data.dueDate | date(yyyy-MM-dd, yyyyMMdd) | optional
                """, capability: "notify"
        ).replacingOccurrences(
            of: "    url: http://127.0.0.1:9004/ws", with: "    url: http://127.0.0.1:9004/tz/${$.result.unit}")
        let transport = RecordingTransport(responses: [InboundResponse(status: 204)])
        let outcome = try await DeclarativeTesting.adapter(yaml).notify(
            NotifyInput(
                resultID: "r-1", kind: "task", unit: "210102001001", title: "11月走访任务", body: " 请于月底前完成走访。 ",
                data: ["dueDate": "2026-11-30"]),
            through: transport)
        #expect(outcome == .delivered(receipt: nil))
        #expect(transport.requests.first?.url == "http://127.0.0.1:9004/tz/210102001001")
        #expect(
            try JSONValue(parsing: transport.requests.first?.body ?? [])
                == ["bt": "11月走访任务", "nr": "请于月底前完成走访。", "lx": "task", "jzrq": "20261130"])
    }

    @Test func literalsKeepTheirTypesAndDollarsCanBeEscaped() async throws {
        let yaml = Self.manifest(
            format: "format: json",
            body: """
                n: 1
                f: 1.5
                b: true
                z: null
                s: "01"
                c: 01
                price: $$5
                list: [a, $.submission.unit]
                """)
        #expect(
            try JSONValue(parsing: try await body(yaml).body)
                == [
                    "n": 1, "f": 1.5, "b": true, "z": nil, "s": "01", "c": "01", "price": "$5",
                    "list": ["a", "210102001001"],
                ])
    }

    private static let withVisitor: DeliveryInput = {
        var input = DeclarativeAdapterTests.input
        input.data = [
            "elderName": "王桂兰", "visitDate": "2026-11-05", "durationMinutes": 40, "needs": ["meal", "home-safety"],
            "visitor": ["name": "李晓梅", "role": "grid-worker"],
        ]
        return input
    }()
}
