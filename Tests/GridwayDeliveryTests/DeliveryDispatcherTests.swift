import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import Logging
import Synchronization
import Testing

@testable import GridwayDelivery

@Suite(.timeLimit(.minutes(3))) struct DeliveryDispatcherTests {
    private let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func deliversSignedRequestsWithOnlyTheGrantedFields() async throws {
        let harness = try DispatcherHarness()
        let clock = harness.clock
        let transport = ScriptedTransport { request, _ in reply(200, ["receipt": .string("R-\(request.url.count)")]) }
        let targets: [(adapter: any Adapter, settings: TargetSettings)] = [
            (
                JSONPostingAdapter(id: "civil", grant: ["elderName", "elderIdNumber"]),
                TargetSettings(signingSecrets: [secret])
            ),
            (JSONPostingAdapter(id: "health"), TargetSettings(signingSecrets: [secret])),
        ]
        try await harness.withDispatcher(targets, transport: transport) { dispatcher in
            let submission = try await harness.submit(
                minutes: 30, targets: ["civil", "health"], dispatcher: dispatcher)
            let deliveries = try await harness.eventually(submission.id) { $0.allSatisfy { $0.state == .delivered } }
            #expect(deliveries.allSatisfy { $0.state == .delivered && $0.receipt?.hasPrefix("R-") == true })
            #expect(DeliveryRollup(deliveries) == .delivered)
        }
        let verifier = try WebhookSigner(secrets: [secret])
        for request in transport.requests {
            let id = try #require(request.header("webhook-id"))
            let timestamp = try #require(request.header("webhook-timestamp").flatMap(Int64.init))
            #expect(timestamp == Int64(clock.date.timeIntervalSince1970), "signed at the dispatcher's time")
            #expect(
                verifier.verify(
                    id: id, timestamp: timestamp, body: request.body,
                    signatureHeader: request.header("webhook-signature") ?? "", now: clock.date))
            #expect(request.header("Idempotency-Key")?.hasPrefix("gridway:") == true)
            let data = try JSONValue(parsing: request.body)["data"]
            if request.url.contains("civil") {
                #expect(data?["elderIdNumber"] != nil, "granted restricted field reaches civil")
            } else {
                #expect(data?["elderIdNumber"] == nil, "a restricted field never reaches a target without a grant")
                #expect(data?["elderName"] == nil)
                #expect(data?["visitDate"] != nil)
            }
        }
    }

    @Test func retriesUntilTheUpstreamRecoversHonouringRetryAfter() async throws {
        let harness = try DispatcherHarness()
        let transport = ScriptedTransport { _, count in
            switch count {
            case 1: throw TransportError(reason: "connection refused")
            case 2: return reply(503, headers: [HTTPHeader("Retry-After", "1")])
            default: return reply(200, ["receipt": "MZ-9"])
            }
        }
        // No backoff, so the retry after the refusal is due at once: the jitter cannot move it.
        let settings = TargetSettings(retry: RetryPolicy(baseDelay: .zero), signingSecrets: [secret])
        let clock = harness.clock
        let received = clock.date
        let outcomes = OutcomeRecorder()
        try await harness.withDispatcher(
            [(JSONPostingAdapter(id: "civil"), settings)], transport: transport, observer: outcomes
        ) { dispatcher in
            let submission = try await harness.submit(minutes: 30, targets: ["civil"], dispatcher: dispatcher)
            try await harness.advance(by: .seconds(1) - .milliseconds(1), after: 2, of: submission.id)
            await clock.waitForSleepers()
            #expect(transport.requests.count == 2, "a millisecond before Retry-After runs out, nothing is sent")
            clock.advance(by: .milliseconds(1))
            let deliveries = try await harness.eventually(submission.id) { $0.first?.state == .delivered }
            #expect(deliveries.first?.state == .delivered)
            #expect(deliveries.first?.attempts == 3)
            #expect(deliveries.first?.receipt == "MZ-9")
        }
        let sent = transport.requests
        #expect(sent.count == 3)
        #expect(Set(sent.compactMap { $0.header("Idempotency-Key") }).count == 1, "every attempt carries the same key")
        #expect(Set(sent.compactMap { $0.header("webhook-id") }).count == 1)
        let results = outcomes.results
        try #require(results.count == 3, "three attempts finished")
        guard case .retry(_, let afterRefusal) = results[0], case .retry(_, let afterRetryAfter) = results[1] else {
            Issue.record("the first two attempts are retried: \(results)")
            return
        }
        #expect(afterRefusal == received, "without backoff, due at once")
        #expect(afterRetryAfter == received.addingTimeInterval(1), "Retry-After: 1 is honoured")
    }

    /// The delivery still waits out its Retry-After in the store when the breaker half-opens; the probe
    /// goes once it is due.
    @Test func theBreakerProbesOnceARetryAfterRunsOutLaterThanTheBreakerWaits() async throws {
        let harness = try DispatcherHarness()
        let transport = ScriptedTransport { _, count in
            count == 1 ? reply(503, headers: [HTTPHeader("Retry-After", "1")]) : reply(200, ["receipt": "MZ-2"])
        }
        // The breaker half-opens after 100 ms, while the only delivery still waits out its Retry-After.
        let settings = TargetSettings(breakerThreshold: 1, breakerOpenDuration: .milliseconds(100))
        try await harness.withDispatcher([(JSONPostingAdapter(id: "civil"), settings)], transport: transport) {
            dispatcher in
            let submission = try await harness.submit(minutes: 30, targets: ["civil"], dispatcher: dispatcher)
            try await harness.advance(by: .milliseconds(100), after: 1, of: submission.id)
            await harness.clock.waitForSleepers()
            #expect(dispatcher.breakerStates()["civil"] != .open, "the breaker waited its 100 ms")
            #expect(transport.requests.count == 1, "no probe before the Retry-After runs out")
            harness.clock.advance(by: .milliseconds(900))
            let deliveries = try await harness.eventually(submission.id) { $0.first?.state == .delivered }
            #expect(deliveries.first?.state == .delivered)
            #expect(deliveries.first?.attempts == 2)
        }
    }

    @Test func aRestartOnSQLiteRetriesTheDeliveriesLeftInFlightAtOnce() async throws {
        let crashed = try DispatcherHarness()
        let clock = crashed.clock
        let hanging = ScriptedTransport { _, _ in
            try await clock.sleep(for: .seconds(3600))  // until cancelled: nobody moves this clock
            return reply(200)
        }
        // The first run claims the delivery (leased for 2 × 10 s + 30 s) and dies mid-attempt.
        let first = try DeliveryDispatcher(
            store: crashed.store, catalog: DispatcherHarness.catalog,
            targets: [
                DeliveryTarget(adapter: JSONPostingAdapter(id: "civil"), settings: TargetSettings(), transport: hanging)
            ],
            logger: Logger(label: "test"), clock: clock)
        let running = Task { try await first.run() }
        let submission = try await crashed.submit(minutes: 30, targets: ["civil"], dispatcher: first)
        let claimed = try await crashed.eventually(submission.id) { _ in !hanging.requests.isEmpty }
        running.cancel()
        _ = try? await running.value
        #expect(claimed.first?.state == .inFlight)

        let restarted = try DispatcherHarness(restarting: crashed)
        let answering = ScriptedTransport { _, _ in reply(200, ["receipt": "MZ-1"]) }
        let log = LogRecorder()
        try await restarted.withDispatcher(
            [(JSONPostingAdapter(id: "civil"), TargetSettings())], transport: answering, logger: log.logger
        ) { _ in
            let deliveries = try await restarted.eventually(submission.id) { $0.first?.state == .delivered }
            #expect(deliveries.first?.state == .delivered, "delivered long before the 50 s lease runs out")
            #expect(deliveries.first?.attempts == 1, "the attempt cut short by the crash left no outcome")
        }
        let keys = (hanging.requests + answering.requests).compactMap { $0.header("Idempotency-Key") }
        #expect(keys.count == 2 && Set(keys).count == 1, "the retry carries the first attempt's key")
        #expect(log.logged("reclaimed deliveries left in flight by the previous run", with: ["count": "1"]))
    }

    @Test func exhaustedDeliveriesGoDeadAndAReplayDeliversThem() async throws {
        let harness = try DispatcherHarness()
        let upstreamUp = Mutex(false)
        let transport = ScriptedTransport { _, _ in
            upstreamUp.withLock { $0 } ? reply(200, ["receipt": "OK"]) : reply(503)
        }
        let settings = TargetSettings(
            retry: RetryPolicy(maximumAttempts: 3, baseDelay: .zero),
            breakerThreshold: 100)
        try await harness.withDispatcher([(JSONPostingAdapter(id: "civil"), settings)], transport: transport) {
            dispatcher in
            let submission = try await harness.submit(minutes: 30, targets: ["civil"], dispatcher: dispatcher)
            let dead = try await harness.eventually(submission.id, idling: true) { $0.first?.state == .dead }
            #expect(dead.first?.state == .dead && dead.first?.attempts == 3)
            upstreamUp.withLock { $0 = true }
            #expect(
                try await harness.store.replayDeadDeliveries(
                    ids: [], target: "civil", outOfOrder: false, by: "key_admin"
                ).replayed == 1)
            dispatcher.wake()
            let replayed = try await harness.eventually(submission.id, idling: true) { $0.first?.state == .delivered }
            #expect(replayed.first?.receipt == "OK")
        }
    }

    /// A refusal goes dead at once; the operator's log says which delivery, never the upstream's error
    /// text, which may quote a personal value (it stays the delivery's last error, which erasure clears).
    @Test func aRefusalIsNotRetriedAndItsErrorTextIsNotLogged() async throws {
        let harness = try DispatcherHarness()
        let transport = ScriptedTransport { _, _ in
            reply(400, ["message": "elderIdNumber 21010219400101002X is not valid"])
        }
        let log = LogRecorder()
        try await harness.withDispatcher(
            [(JSONPostingAdapter(id: "civil"), TargetSettings())], transport: transport, logger: log.logger
        ) { dispatcher in
            let submission = try await harness.submit(minutes: 30, targets: ["civil"], dispatcher: dispatcher)
            let deliveries = try await harness.eventually(submission.id) { $0.first?.state == .dead }
            #expect(deliveries.first?.attempts == 1)
            let delivery = try #require(deliveries.first)
            #expect(log.logged("delivery dead", with: ["delivery": "\(delivery.id)", "target": "civil"]))
            #expect(
                delivery.lastError?.contains("21010219400101002X") == true,
                "the operator reads it where erasure clears it")
            #expect(!log.mentions("21010219400101002X"))
        }
    }

    @Test func aHangingUpstreamDoesNotHoldUpTheOthers() async throws {
        let harness = try DispatcherHarness()
        let release = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let transport = ScriptedTransport { request, _ in
            if request.url.contains("slow") {
                await withCheckedContinuation { continuation in release.withLock { $0 = continuation } }
            }
            return reply(200, ["receipt": "ok"])
        }
        let targets: [(adapter: any Adapter, settings: TargetSettings)] = [
            (JSONPostingAdapter(id: "slow"), TargetSettings(concurrency: 1, timeout: .seconds(60))),
            (JSONPostingAdapter(id: "fast"), TargetSettings()),
        ]
        try await harness.withDispatcher(targets, transport: transport) { dispatcher in
            var submissions: [Submission] = []
            for minutes in 1...10 {
                submissions.append(
                    try await harness.submit(minutes: minutes, targets: ["slow", "fast"], dispatcher: dispatcher))
            }
            for submission in submissions {
                let deliveries = try await harness.eventually(submission.id) {
                    $0.first { $0.target == "fast" }?.state == .delivered
                }
                #expect(deliveries.first { $0.target == "fast" }?.state == .delivered)
            }
            let slowSent = transport.requests.filter { $0.url.contains("slow") }.count
            #expect(slowSent == 1, "the slow target has one attempt in flight, within its concurrency")
            let deliveredSlow = try await harness.store.deliveries(matching: .init(state: .delivered, target: "slow"))
            #expect(deliveredSlow.items.isEmpty, "all ten fast deliveries finished while the slow one hung")
            release.withLock { $0?.resume() }
        }
    }

    @Test func aCorrectionCarriesTheOriginalReceipt() async throws {
        let harness = try DispatcherHarness()
        let transport = ScriptedTransport { _, count in reply(200, ["receipt": .string("MZ-\(count)")]) }
        try await harness.withDispatcher([(JSONPostingAdapter(id: "civil"), TargetSettings())], transport: transport) {
            dispatcher in
            let original = try await harness.submit(minutes: 30, targets: ["civil"], dispatcher: dispatcher)
            _ = try await harness.eventually(original.id) { $0.first?.state == .delivered }
            let correction = try await harness.submit(
                minutes: 45, targets: [], supersedes: original.id, dispatcher: dispatcher)
            let corrected = try await harness.eventually(correction.id) { $0.first?.state == .delivered }
            #expect(corrected.map(\.target) == ["civil"])
        }
        let last = try JSONValue(parsing: try #require(transport.requests.last).body)
        #expect(last["correction"]?["originalReceipt"] == "MZ-1")
        #expect(last["submission"]?["isCorrection"] == true)
    }

    @Test func anOpenBreakerHoldsTheNextAttemptUntilTheClockReachesItsOpenDuration() async throws {
        let harness = try DispatcherHarness()
        let transport = ScriptedTransport { _, count in
            count == 1 ? reply(503) : reply(200, ["receipt": "MZ-2"])
        }
        let settings = TargetSettings(
            retry: RetryPolicy(baseDelay: .milliseconds(1)), breakerThreshold: 1, breakerOpenDuration: .seconds(30))
        let clock = harness.clock
        try await harness.withDispatcher([(JSONPostingAdapter(id: "civil"), settings)], transport: transport) {
            dispatcher in
            let submission = try await harness.submit(minutes: 30, targets: ["civil"], dispatcher: dispatcher)
            let retrying = try await harness.eventually(submission.id) { $0.first?.state == .retrying }
            #expect(retrying.first?.attempts == 1)
            clock.advance(by: .seconds(29))
            #expect(dispatcher.breakerStates()["civil"] == .open, "29 s later the breaker is still open")
            await clock.waitForSleepers()
            #expect(transport.requests.count == 1, "nothing is sent while the breaker is open, though the retry is due")
            clock.advance(by: .seconds(1))
            let delivered = try await harness.eventually(submission.id) { $0.first?.state == .delivered }
            #expect(delivered.first?.attempts == 2, "the probe went once the breaker half-opened")
            #expect(dispatcher.breakerStates()["civil"] == .closed)
        }
    }

    @Test func theRateLimitHoldsTheNextRequestUntilTheClockHasATokenAgain() async throws {
        let harness = try DispatcherHarness()
        let transport = ScriptedTransport { _, count in reply(200, ["receipt": .string("MZ-\(count)")]) }
        let clock = harness.clock
        try await harness.withDispatcher(
            [(JSONPostingAdapter(id: "civil"), TargetSettings(ratePerSecond: 1))], transport: transport
        ) { dispatcher in
            let first = try await harness.submit(minutes: 30, targets: ["civil"], dispatcher: dispatcher)
            _ = try await harness.eventually(first.id) { $0.first?.state == .delivered }
            let second = try await harness.submit(minutes: 45, targets: ["civil"], dispatcher: dispatcher)
            // The dispatcher waits for work, the second attempt for its token: two sleepers.
            await clock.waitForSleepers(2)
            #expect(transport.requests.count == 1, "one request a second: the second waits for its token")
            clock.advance(by: .seconds(1))
            let delivered = try await harness.eventually(second.id) { $0.first?.state == .delivered }
            #expect(delivered.first?.receipt == "MZ-2")
        }
    }
}
