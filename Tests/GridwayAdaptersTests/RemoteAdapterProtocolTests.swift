import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

/// `gridway-remote/1` read strictly, against scripted answers: every malformed one is a specific error.
@Suite struct RemoteAdapterProtocolTests {
    static let secret = "whsec_" + Data("remote-adapter-test-secret".utf8).base64EncodedString()

    static func adapter(
        capabilities: String = "[deliver, fetch, ingest, notify]",
        transport: any HTTPTransport = RecordingTransport(responses: [])
    )
        throws -> RemoteAdapter
    {
        let manifest = try AdapterManifest(
            yaml: """
                id: remote-test
                title: 远程适配器测试
                kind: remote
                capabilities: \(capabilities)
                contracts:
                  - ref: elderly-visit@1
                    grant: [elderName]
                settings:
                  secret: {env: REMOTE_TEST_SECRET, secret: true}
                remote:
                  endpoint: http://127.0.0.1:9/adapter/
                  secret: ${settings.secret}
                  timeout: 2s
                  config: {areaCode: "210102"}
                """, file: "remote-test/adapter.yaml")
        return try RemoteAdapter(
            manifest.remoteManifest(environment: ["REMOTE_TEST_SECRET": secret]), ingestTransport: transport)
    }

    private static func answer(_ text: String, status: Int = 200) -> InboundResponse {
        InboundResponse(
            status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(text.utf8))
    }

    private static let query = FetchQuery(contract: try! ContractRef(parsing: "elderly-visit@1"), unit: "210102001001")

    @Test func aRequestIsASignedPostOfTheVersionedEnvelope() async throws {
        let transport = RecordingTransport(responses: [
            Self.answer(#"{"protocol": "gridway-remote/1", "records": [{"elderName": "王桂兰"}]}"#)
        ])
        let records = try await Self.adapter().fetch(
            FetchQuery(contract: Self.query.contract, unit: "210102001001", parameters: ["visitType": "home"]),
            through: transport)
        #expect(records == [["elderName": "王桂兰"]])
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:9/adapter/fetch")
        #expect(request.header("Content-Type") == "application/json")
        let body = try JSONValue(parsing: request.body)
        #expect(body["protocol"] == "gridway-remote/1")
        #expect(body["adapter"] == "remote-test")
        #expect(body["capability"] == "fetch")
        #expect(body["config"] == ["areaCode": "210102"])
        #expect(body["input"]?["query"]?["visitType"] == "home")
        try WebhookSigner(secrets: [Self.secret]).verify(request.body, headers: request.headers)
        var tampered = request.body
        tampered[tampered.count - 2] = UInt8(ascii: " ")
        #expect(throws: AdapterError.self) {
            try WebhookSigner(secrets: [Self.secret]).verify(tampered, headers: request.headers)
        }
    }

    @Test(arguments: [
        ("not json", "the answer is not JSON"),
        (#"["protocol"]"#, "the answer must be a JSON object, not array"),
        (#"{"outcome": {"type": "delivered"}}"#, "/protocol is missing"),
        (
            #"{"protocol": "gridway-remote/2", "outcome": {"type": "delivered"}}"#,
            #"/protocol is "gridway-remote/2", expected "gridway-remote/1""#
        ),
        (#"{"protocol": "gridway-remote/1"}"#, "/outcome is missing"),
        (#"{"protocol": "gridway-remote/1", "outcome": "delivered"}"#, "/outcome must be an object, not string"),
        (
            #"{"protocol": "gridway-remote/1", "outcome": {"type": "done"}}"#,
            #"/outcome/type "done" is not delivered, retry or rejected"#
        ),
        (
            #"{"protocol": "gridway-remote/1", "outcome": {"type": "delivered", "receipt": 42}}"#,
            "/outcome/receipt must be a string or null, not integer"
        ),
        (#"{"protocol": "gridway-remote/1", "outcome": {"type": "retry"}}"#, "/outcome/reason is missing"),
        (
            #"{"protocol": "gridway-remote/1", "outcome": {"type": "retry", "reason": "busy", "afterSeconds": -1}}"#,
            "/outcome/afterSeconds must be a whole number of seconds"
        ),
        (
            #"{"protocol": "gridway-remote/1", "error": {"type": "oops", "reason": "x"}}"#,
            #"/error/type "oops" is not refused, mapping or configuration"#
        ),
    ])
    func everyMalformedDeliverAnswerIsNamed(answer: String, message: String) async throws {
        let transport = RecordingTransport(responses: [Self.answer(answer)])
        let error = await #expect(throws: AdapterError.self) {
            _ = try await Self.adapter().deliver(Self.delivery, through: transport)
        }
        guard case .unreadableResponse(let reason)? = error else {
            Issue.record("expected unreadableResponse, got \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("remote adapter remote-test /deliver: "), "\(reason)")
        #expect(reason.contains(message), "\(reason)")
    }

    @Test(arguments: [
        (#"{"protocol": "gridway-remote/1", "records": {}}"#, "/records must be an array, not object"),
        (
            #"{"protocol": "gridway-remote/1", "records": [{"elderName": "王"}, 3]}"#,
            "/records/1 a record must be an object, not integer"
        ),
        (#"{"protocol": "gridway-remote/1"}"#, "/records is missing"),
    ])
    func everyMalformedFetchAnswerIsNamed(answer: String, message: String) async throws {
        let error = await #expect(throws: AdapterError.self) {
            _ = try await Self.adapter().fetch(
                Self.query, through: RecordingTransport(responses: [Self.answer(answer)]))
        }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        (
            #"{"protocol": "gridway-remote/1", "records": [{"contract": "elderly-visit@1", "unit": "1", "data": {}}]}"#,
            "/records/0/sourceID is missing"
        ),
        (
            #"{"protocol": "gridway-remote/1", "records": [{"sourceID": "", "contract": "elderly-visit@1", "unit": "1", "data": {}}]}"#,
            "/records/0/sourceID must not be empty"
        ),
        (
            #"{"protocol": "gridway-remote/1", "records": [{"sourceID": "a", "contract": "elderly visit", "unit": "1", "data": {}}]}"#,
            #"/records/0/contract "elderly visit" is not a contract reference"#
        ),
        (
            #"{"protocol": "gridway-remote/1", "records": [{"sourceID": "a", "contract": "elderly-visit@1", "unit": "1"}]}"#,
            "/records/0/data is missing"
        ),
        (
            #"{"protocol": "gridway-remote/1", "records": [{"sourceID": "a", "contract": "elderly-visit@1", "unit": 1, "data": {}}]}"#,
            "/records/0/unit must be a string, not integer"
        ),
    ])
    func everyMalformedIngestAnswerIsNamed(answer: String, message: String) async throws {
        let adapter = try Self.adapter(transport: RecordingTransport(responses: [Self.answer(answer)]))
        let error = await #expect(throws: AdapterError.self) {
            _ = try await adapter.ingest(InboundWebhook(headers: [], body: Array("{}".utf8)))
        }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test func outcomesAndErrorsRoundTrip() async throws {
        let outcomes: [DeliveryOutcome] = [
            .delivered(receipt: "RA000001"), .delivered(receipt: nil), .retry(reason: "busy", after: .seconds(30)),
            .retry(reason: "busy", after: nil), .rejected(reason: "unknown elder"),
        ]
        for outcome in outcomes {
            let transport = RecordingTransport(responses: [Self.answer(RemoteAnswer.encode(outcome).serializedString())]
            )
            #expect(try await Self.adapter().notify(Self.notice, through: transport) == outcome)
        }
        let errors: [(AdapterError, AdapterError)] = [
            (.refused("bad signature"), .refused("remote adapter remote-test /deliver: bad signature")),
            (.configuration("no upstream URL"), .configuration("remote adapter remote-test /deliver: no upstream URL")),
            (
                .mapping(location: "/data/xb", reason: "unknown code 3"),
                .mapping(location: "/data/xb", reason: "unknown code 3")
            ),
        ]
        for (sent, expected) in errors {
            let transport = RecordingTransport(responses: [
                Self.answer(RemoteAnswer.encode(sent).serializedString(), status: 422)
            ])
            await #expect(throws: expected) { _ = try await Self.adapter().deliver(Self.delivery, through: transport) }
        }
        let ingested = IngestedRecord(
            request: SubmissionRequest(
                contract: Self.query.contract, unit: "210102001001", period: "2026-11", data: ["a": 1], supersedes: "s1"
            ),
            sourceID: "ZF1")
        let transport = RecordingTransport(responses: [
            Self.answer(RemoteAnswer.encode(ingested: [ingested]).serializedString())
        ])
        let adapter = try Self.adapter(transport: transport)
        #expect(
            try await adapter.ingest(InboundWebhook(headers: [HTTPHeader("X-Sig", "1")], body: [0xE4, 0xB8])) == [
                ingested
            ])
        let sent = try JSONValue(parsing: try #require(transport.requests.first).body)
        #expect(
            RemoteProtocol.webhook(in: try #require(sent["input"]))
                == InboundWebhook(headers: [HTTPHeader("X-Sig", "1")], body: [0xE4, 0xB8]))
    }

    @Test func anUnavailableServiceIsARetryForDeliveriesAndAnErrorForFetches() async throws {
        let busy = InboundResponse(
            status: 503, headers: [HTTPHeader("Retry-After", "17")], body: Array("<html>busy</html>".utf8))
        let outcome = try await Self.adapter().deliver(Self.delivery, through: RecordingTransport(responses: [busy]))
        #expect(
            outcome
                == .retry(
                    reason: "remote adapter remote-test /deliver: the service answered HTTP 503", after: .seconds(17)))
        await #expect(
            throws: AdapterError.unreadableResponse("remote adapter remote-test /fetch: the service answered HTTP 503")
        ) {
            _ = try await Self.adapter().fetch(Self.query, through: RecordingTransport(responses: [busy]))
        }
        let notFound = InboundResponse(status: 404, body: Array("no such path".utf8))
        await #expect(
            throws: AdapterError.unreadableResponse(
                "remote adapter remote-test /deliver: the service answered HTTP 404, expected 200")
        ) {
            _ = try await Self.adapter().deliver(Self.delivery, through: RecordingTransport(responses: [notFound]))
        }
    }

    @Test func capabilitiesAndSettingsAreChecked() async throws {
        await #expect(throws: AdapterError.unsupported("remote-test", .deliver)) {
            _ = try await Self.adapter(capabilities: "[fetch]").deliver(
                Self.delivery, through: RecordingTransport(responses: []))
        }
        let manifest = try AdapterManifest(
            yaml: """
                id: remote-test
                title: 远程适配器测试
                kind: remote
                capabilities: [fetch]
                contracts: [{ref: elderly-visit@1}]
                settings: {secret: {env: REMOTE_TEST_SECRET, secret: true}}
                remote: {endpoint: "ftp://example", secret: "${settings.secret}"}
                """, file: "remote-test/adapter.yaml"
        ).remoteManifest(environment: ["REMOTE_TEST_SECRET": Self.secret])
        #expect(
            throws: AdapterError.configuration(#"adapter remote-test: endpoint "ftp://example" is not an http(s) URL"#)
        ) {
            _ = try RemoteAdapter(manifest, ingestTransport: RecordingTransport(responses: []))
        }
    }

    private static let delivery = DeliveryInput(
        submissionID: "0190", contract: query.contract, unit: "210102001001", period: "2026-11",
        data: ["visitType": "home"],
        receivedAt: Date(timeIntervalSince1970: 1_795_000_000))

    private static let notice = NotifyInput(
        resultID: "r1", kind: "notice", unit: "210102001001", title: "通知", body: "请于月底前完成走访")
}
