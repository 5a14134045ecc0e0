import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwaySQLite
import GridwayStore
import Logging
import OrderedCollections
import Synchronization

@testable import GridwayDelivery

/// An adapter that posts the delivery document as JSON and reads the answer the way most
/// department APIs answer: 2xx with `{"receipt": …}`, 503/429 with Retry-After, 4xx refused.
struct JSONPostingAdapter: Adapter {
    let descriptor: AdapterDescriptor

    init(id: String, grant: Set<String> = []) {
        descriptor = AdapterDescriptor(
            id: id, title: id, kind: .swift, capabilities: [.deliver],
            contracts: [ContractGrant(contract: try! ContractRef(parsing: "elderly-visit@1"), grantedFields: grant)])
    }

    func deliver(_ input: DeliveryInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        let request = OutboundRequest(
            method: "POST", url: "http://\(descriptor.id).test/reports",
            headers: [HTTPHeader("Content-Type", "application/json")],
            body: input.document.serialized())
        let response = try await transport.send(request, timeout: .seconds(5))
        switch response.status {
        case 200..<300:
            return .delivered(receipt: try JSONValue(parsing: response.body)["receipt"]?.stringValue)
        case 429, 503:
            return .retry(
                reason: "status \(response.status)",
                after: response.header("Retry-After").flatMap(Int64.init).map { .seconds($0) })
        default:
            // As real adapters do, the reason quotes what the upstream said.
            return .rejected(reason: "status \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
    }
}

/// A transport whose answers the test scripts, recording every request it was sent.
final class ScriptedTransport: HTTPTransport {
    private let handler: @Sendable (OutboundRequest, Int) async throws -> InboundResponse
    private let log = Mutex<[OutboundRequest]>([])

    init(_ handler: @escaping @Sendable (OutboundRequest, Int) async throws -> InboundResponse) {
        self.handler = handler
    }

    var requests: [OutboundRequest] { log.withLock { $0 } }

    func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse {
        let count = log.withLock { log in
            log.append(request)
            return log.filter { $0.url == request.url }.count
        }
        return try await handler(request, count)
    }
}

/// A store, the repository's contracts, and a dispatcher running in the background, both on one test clock.
struct DispatcherHarness {
    static let catalog: ContractCatalog = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try! ContractCatalog.load(directory: root.appendingPathComponent("contracts"))
    }()

    let directory: URL
    let store: SQLiteStore
    /// The time the store and the dispatcher read; it moves only when a test moves it.
    let clock: TestClock
    /// How long the dispatcher waits, on ``clock``, when nothing is due and nothing wakes it.
    static let idleWait = Duration.milliseconds(200)
    let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102"), createdAt: Date())

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridway-dispatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // A whole millisecond, as the store keeps its stamps: a retry due in 20 ms is due 20 ms on.
        clock = TestClock(date: EpochMilliseconds.now())
        store = try SQLiteStore(path: directory.appendingPathComponent("gridway.sqlite").path, clock: clock)
    }

    /// A harness on `earlier`'s database file and clock, opened anew as by a restarted process.
    init(restarting earlier: DispatcherHarness) throws {
        directory = earlier.directory
        clock = earlier.clock
        store = try SQLiteStore(path: directory.appendingPathComponent("gridway.sqlite").path, clock: clock)
    }

    /// Runs `body` while a dispatcher for `targets` runs on the harness's clock, then stops it.
    func withDispatcher(
        _ targets: [(adapter: any Adapter, settings: TargetSettings)], transport: any HTTPTransport,
        observer: (any DeliveryObserver)? = nil,
        logger: Logger = Logger(label: "test"), _ body: (DeliveryDispatcher) async throws -> Void
    ) async throws {
        let dispatcher = try DeliveryDispatcher(
            store: store, catalog: Self.catalog,
            targets: targets.map { DeliveryTarget(adapter: $0.adapter, settings: $0.settings, transport: transport) },
            observer: observer, logger: logger, idleWait: Self.idleWait, clock: clock)
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        try await body(dispatcher)
        running.cancel()
        _ = try? await running.value
        try? FileManager.default.removeItem(at: directory)
    }

    /// Accepts a visit report for `targets` and wakes the dispatcher.
    func submit(minutes: Int, targets: [String], supersedes: String? = nil, dispatcher: DeliveryDispatcher) async throws
        -> Submission
    {
        let visit = Self.catalog.contract(try ContractRef(parsing: "elderly-visit@1"))!.schema["examples"]![0]!
        guard case .object(var data) = visit else { throw CancellationError() }
        data["durationMinutes"] = .integer(Int64(minutes))
        let request = SubmissionRequest(
            contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: "2026-11",
            data: .object(data), supersedes: supersedes)
        guard
            case .accepted(let submission, _) = try await store.submit(
                request, idempotencyKey: UUID().uuidString, by: staff, targets: targets)
        else { throw CancellationError() }
        dispatcher.wake()
        return submission
    }

    /// Waits until the submission's first delivery has been attempted `attempts` times and the
    /// dispatcher sleeps, then moves the clock on by `duration`.
    func advance(by duration: Duration, after attempts: Int, of submission: String) async throws {
        _ = try await eventually(submission) { $0.first?.attempts == attempts && $0.first?.state != .inFlight }
        await clock.waitForSleepers()
        clock.advance(by: duration)
    }

    /// Waits (polling the store) until `condition` holds for the submission's deliveries, or 60 s pass.
    /// With `idling`, each time the dispatcher sleeps the clock moves on by its idle wait, for tests
    /// that measure no time: a retry due at once then never hangs on a wake-up that raced the store's commit.
    func eventually(_ submission: String, idling: Bool = false, _ condition: ([Delivery]) -> Bool) async throws
        -> [Delivery]
    {
        let deadline = ContinuousClock.now + .seconds(60)  // a limit for a loaded machine, never a measurement
        while true {
            let deliveries = try await store.deliveries(ofSubmission: submission)
            if condition(deliveries) || ContinuousClock.now > deadline { return deliveries }
            if idling && clock.sleepers > 0 { clock.advance(by: Self.idleWait) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Keeps the outcome of every finished attempt, in order.
final class OutcomeRecorder: DeliveryObserver {
    private let outcomes = Mutex<[DeliveryResult]>([])

    /// The outcomes so far.
    var results: [DeliveryResult] { outcomes.withLock { $0 } }

    func attemptFinished(target: String, result: DeliveryResult, duration: Duration) {
        outcomes.withLock { $0.append(result) }
    }
}

/// Keeps every log message, for tests that check what an operator would read.
final class LogRecorder: Sendable {
    private let entries = Mutex<[(message: String, metadata: Logger.Metadata)]>([])

    /// A logger whose messages this recorder keeps.
    var logger: Logger { Logger(label: "test") { _ in Handler(recorder: self) } }

    /// Whether `message` was logged with `metadata` among its metadata.
    func logged(_ message: String, with metadata: Logger.Metadata) -> Bool {
        entries.withLock { entries in
            entries.contains { entry in
                entry.message == message && metadata.allSatisfy { key, value in entry.metadata[key] == value }
            }
        }
    }

    /// Whether any message or metadata value logged so far contains `text`.
    func mentions(_ text: String) -> Bool {
        entries.withLock { entries in
            entries.contains { entry in
                entry.message.contains(text) || entry.metadata.values.contains { "\($0)".contains(text) }
            }
        }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.entries.withLock {
                $0.append(("\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 }))
            }
        }
    }
}

/// A JSON response.
func reply(_ status: Int, _ body: JSONValue = [:], headers: [HTTPHeader] = []) -> InboundResponse {
    InboundResponse(status: status, headers: headers, body: body.serialized())
}
