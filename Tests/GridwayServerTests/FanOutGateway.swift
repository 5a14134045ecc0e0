import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OrderedCollections
import Testing

/// A ``TestGateway`` with fan-out running: every adapter that can `deliver` is a target, with its
/// delivery settings read from a configuration file's `targets:` section and its Standard Webhooks
/// secrets from `GRIDWAY_SIGNING_SECRETS_<TARGET>`, and the dispatcher runs in the application.
struct FanOutGateway {
    let base: TestGateway
    let services: GridwayServices

    /// Starts fan-out over `base` (a fresh gateway when `nil`, or an earlier one's store to play a restart
    /// with other targets).
    ///
    /// - Parameters:
    ///   - configuration: YAML configuration text, such as `targets: {civil-affairs-elderly: {maxAttempts: 3}}`.
    ///   - secrets: signing secrets by target id, comma-separated during a rotation.
    ///   - transport: what the targets send through.
    init(
        on base: TestGateway? = nil, adapters: [any Adapter], configuration: String = "",
        secrets: [String: String] = [:],
        transport: any HTTPTransport = AsyncHTTPTransport.shared
    ) async throws {
        let gateway: TestGateway
        if let base { gateway = base } else { gateway = try await TestGateway() }
        self.base = gateway
        var settings = gateway.services.configuration
        if !configuration.isEmpty {
            let file = gateway.directory.appendingPathComponent("gridway-\(UUID().uuidString).yaml")
            try Data(configuration.utf8).write(to: file)
            settings.targets = try GridwayConfiguration.load(file: file.path, environment: [:]).targets
        }
        var environment: [String: String] = [:]
        for (target, secret) in secrets {
            environment["GRIDWAY_SIGNING_SECRETS_" + target.uppercased().replacingOccurrences(of: "-", with: "_")] =
                secret
        }
        var logger = Logger(label: "gridway.delivery.test")
        logger.logLevel = .critical
        var services = GridwayServices(
            catalog: gateway.services.catalog, units: gateway.services.units, store: gateway.store,
            configuration: settings, adapters: try AdapterRegistry(adapters), transport: transport)
        services.clock = gateway.services.clock
        self.services = try services.withDelivery(environment: environment, logger: logger)
    }

    /// The application with the dispatcher among its services, for `app.test(.router)`.
    var application: some ApplicationProtocol { buildApplication(services) }

    /// Posts an elderly-visit@1 report as `key` and returns the 202 receipt.
    func submit(
        _ client: some TestClientProtocol, _ body: ByteBuffer, key: String = "community", idempotencyKey: String
    )
        async throws -> JSONValue
    {
        try await client.execute(
            uri: "/v1/submissions", method: .post, headers: base.headers(key, idempotencyKey: idempotencyKey),
            body: body
        ) { response in
            #expect(response.status == .accepted, "\(String(buffer: response.body))")
            return try response.json
        }
    }

    /// Posts a report (the contract's example unless `body` is given) and returns its id.
    func submitVisit(_ client: some TestClientProtocol, _ body: ByteBuffer? = nil, idempotencyKey: String)
        async throws -> String
    {
        let receipt = try await submit(client, try body ?? visitBody(), idempotencyKey: idempotencyKey)
        return try #require(receipt["id"]?.stringValue)
    }

    /// Posts `count` reports, each about another elder (so none waits for another's delivery) with its own
    /// duration and idempotency key, and returns their ids.
    func submitVisits(_ client: some TestClientProtocol, count: Int, keyPrefix: String) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let body = try visitBody(minutes: 10 + index) {
                $0["elderIdNumber"] = .string("2101021938051\(20_000 + index)")
            }
            ids.append(try await submitVisit(client, body, idempotencyKey: "\(keyPrefix)-\(index)"))
        }
        return ids
    }

    /// Sends a request without a body as `key` and returns the status and the parsed JSON reply.
    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, key: String = "admin")
        async throws -> (status: HTTPResponse.Status, body: JSONValue)
    {
        try await client.execute(uri: path, method: method, headers: base.headers(key, contentType: nil)) { response in
            (response.status, try response.json)
        }
    }

    /// The deliveries of submission `id`, in target order.
    func deliveries(of id: String) async throws -> [Delivery] {
        try await base.store.deliveries(ofSubmission: id)
    }

    /// Waits until every delivery of each submission in `ids` is in `state` (but those to `excepted`).
    func waitUntilDeliveries(of ids: [String], are state: DeliveryState, except excepted: String? = nil)
        async throws
    {
        var others: [Delivery] = []
        let stragglers = { others.map { "\($0.target) is \($0.state.rawValue): \($0.lastError ?? "")" } }
        try await eventually("every delivery of \(ids) is \(state.rawValue), but \(stragglers())") {
            others = []
            for id in ids {
                others += try await deliveries(of: id).filter { $0.state != state && $0.target != excepted }
            }
            return others.isEmpty
        }
    }
}

/// Polls `condition` every 20 ms until it holds; the deadline only keeps a broken build from hanging,
/// and passing it fails the test.
func eventually(
    _ what: @autoclosure () -> String, within deadline: Duration = .seconds(20), _ condition: () async throws -> Bool
)
    async throws
{
    let end = ContinuousClock.now + deadline
    while try await !condition() {
        guard ContinuousClock.now < end else {
            Issue.record("timed out waiting until \(what())")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// The department stand-ins of the fan-out tests, one per format, each behind the adapter that
/// delivers elderly-visit@1 to it.
struct Departments: Sendable {
    /// 民政局, JSON, through the shipped `civil-affairs-elderly` (grant: name, id number, address, health, needs).
    let json: RunningStandIn<JSONDepartment>
    /// 卫健局, SOAP, through the test manifest `fanout-xml-health` (grant: health status).
    let xml: RunningStandIn<SOAPDepartment>
    /// 综治中心, form posts, through the test manifest `fanout-form-grid` (grant: name, address).
    let form: RunningStandIn<FormDepartment>

    static let jsonTarget = "civil-affairs-elderly"
    static let xmlTarget = "fanout-xml-health"
    static let formTarget = "fanout-form-grid"

    /// A Standard Webhooks secret per target; the XML target is in a rotation and signs with two.
    static let secrets: [String: String] = [
        jsonTarget: secret("民政局 signing key"),
        xmlTarget: secret("卫健局 old key") + ", " + secret("卫健局 new key"),
        formTarget: secret("综治中心 signing key"),
    ]

    /// `whsec_` and the base64 of `seed`.
    static func secret(_ seed: String) -> String { "whsec_" + Data(seed.utf8).base64EncodedString() }

    /// The folder of the fan-out tests' own adapter manifests.
    static let fixtures = TestGateway.repositoryRoot.appendingPathComponent(
        "Tests/GridwayServerTests/Fixtures/fanout-adapters")

    /// The three adapters, pointed at the stand-ins.
    var adapters: [any Adapter] {
        get throws {
            [
                try TestAdapters.shipped(
                    Self.jsonTarget, settings: ["CIVIL_AFFAIRS_URL": json.baseURL, "CIVIL_AFFAIRS_TOKEN": "test-token"]),
                try Self.fixture(Self.xmlTarget, settings: ["FANOUT_XML_URL": xml.baseURL]),
                try Self.fixture(Self.formTarget, settings: ["FANOUT_FORM_URL": form.baseURL]),
            ]
        }
    }

    /// The test manifest `Fixtures/fanout-adapters/<id>` with `settings`.
    static func fixture(_ id: String, settings: [String: String]) throws -> DeclarativeAdapter {
        try DeclarativeAdapter(
            manifest: AdapterManifest(folder: fixtures.appendingPathComponent(id)), environment: settings)
    }

    /// What target `id`'s stand-in received.
    func requests(of id: String) -> [ReceivedRequest] {
        switch id {
        case Self.jsonTarget: json.control.requests
        case Self.xmlTarget: xml.control.requests
        default: form.control.requests
        }
    }

    /// Every request by target, for checks that hold for all of them.
    var requestsByTarget: [(target: String, requests: [ReceivedRequest])] {
        [Self.jsonTarget, Self.xmlTarget, Self.formTarget].map { ($0, requests(of: $0)) }
    }

    /// The SOAP body's `SubmitVisit` element of a request to the XML department.
    static func soapVisit(_ request: ReceivedRequest) throws -> JSONValue {
        let options = BodyFormatOptions(namespaces: ["soap": SOAPDepartment.envelopeNamespace])
        return try #require(
            try BodyFormat.xml.decode(request.body, options: options)["soap:Envelope"]?["soap:Body"]?["SubmitVisit"])
    }
}

/// Runs `body` with the three departments serving, and stops them afterwards.
func withDepartments<Result: Sendable>(_ body: (Departments) async throws -> Result) async throws -> Result {
    try await withStandIn(JSONDepartment()) { json in
        try await withStandIn(SOAPDepartment()) { xml in
            try await withStandIn(FormDepartment()) { form in
                try await body(Departments(json: json, xml: xml, form: form))
            }
        }
    }
}

extension Departments {
    /// The secrets of `target`, one by one.
    static func secrets(of target: String) -> [String] {
        (secrets[target] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The submission id a department's request names in its own body (`serialNo`, `visitId`, `ywbh`).
    static func submissionID(in request: ReceivedRequest, of target: String) throws -> String? {
        switch target {
        case jsonTarget: request.json?["serialNo"]?.stringValue
        case xmlTarget: try soapVisit(request)["visitId"]?.stringValue
        default: request.form?["ywbh"]?.stringValue
        }
    }

    /// Every request every department received names, in `Idempotency-Key`, the (submission, target)
    /// its body is about, carries that delivery's id in `webhook-id`, and is signed over its exact
    /// body by each of the target's secrets (and by no other key).
    func expectKeyedAndSigned(by gateway: FanOutGateway) async throws {
        for (target, requests) in requestsByTarget {
            for request in requests {
                let submission = try #require(try Self.submissionID(in: request, of: target))
                #expect(request.header("Idempotency-Key") == "gridway:\(submission):\(target)")
                let delivery = try #require(try await gateway.deliveries(of: submission).first { $0.target == target })
                for secret in Self.secrets(of: target) {
                    #expect(
                        request.isSigned(by: secret, for: delivery.id), "\(target) \(request.method) \(request.path)")
                }
                #expect(!request.isSigned(by: Self.secret("someone else"), for: delivery.id))
            }
        }
    }
}

extension ReceivedRequest {
    /// Whether the request carries a Standard Webhooks signature by `secret` over its exact body,
    /// made for the delivery `deliveryID` (its `webhook-id`).
    func isSigned(by secret: String, for deliveryID: String) -> Bool {
        guard let id = header("webhook-id"), id == deliveryID,
            let timestamp = header("webhook-timestamp").flatMap(Int64.init),
            let signature = header("webhook-signature"), let signer = try? WebhookSigner(secrets: [secret])
        else { return false }
        return signer.verify(id: id, timestamp: timestamp, body: body, signatureHeader: signature)
    }
}
