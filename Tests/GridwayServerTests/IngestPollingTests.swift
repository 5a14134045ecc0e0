import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStandIns
import GridwayStore
import HummingbirdTesting
import Testing

/// Polling ingest: the server reads a legacy app that cannot call out, on a schedule, through the submission path.
///
/// The poller sleeps on a ``TestClock``; with it, the task reminders sleep there too, so the server's
/// workers are all idle when the clock has two sleepers.
@Suite(.timeLimit(.minutes(3))) struct IngestPollingTests {
    /// The poller and the task reminders.
    private static let idleWorkers = 2

    /// A gateway polling `app` through the shipped 社区通 adapter every `interval` on `clock`.
    private static func gateway(
        polling app: RunningStandIn<GrassrootsApp>, every interval: Duration, clock: TestClock
    ) async throws -> AdapterTestGateway {
        let base = try TestAdapters.communityApp(at: app, webhookSecret: IngestRouteTests.secret)
        return try await AdapterTestGateway(
            adapters: [
                PolledCommunityApp(
                    base: base, baseURL: app.baseURL, secret: IngestRouteTests.secret, pollInterval: interval)
            ], clock: clock)
    }

    @Test func polledRecordsAreStoredOnceWhileTheServerRuns() async throws {
        try await withStandIn(GrassrootsApp(maximumPageSize: 2, appKey: "poll-key")) { app in
            let clock = TestClock()
            let gateway = try await Self.gateway(polling: app, every: .seconds(60), clock: clock)
            try await gateway.application.test(.router) { _ in
                await clock.waitForSleepers(Self.idleWorkers)
                let atStart = try await gateway.base.storedCounts().submissions
                #expect(atStart == 4, "every visit of the district, read page by page, at start")
                let polls = app.control.requests.count
                clock.advance(by: .seconds(59))
                await clock.waitForSleepers(Self.idleWorkers)
                #expect(app.control.requests.count == polls, "no poll before the interval is up")
                clock.advance(by: .seconds(1))
                await clock.waitForSleepers(Self.idleWorkers)
                #expect(app.control.requests.count > polls, "it polls again after the interval")
                let afterwards = try await gateway.base.storedCounts().submissions
                #expect(afterwards == 4, "records polled again are stored once")
            }
            let page = try await gateway.base.store.submissions(matching: .init(limit: 10))
            #expect(page.items.allSatisfy { $0.submittedBy == "adapter:legacy-community-app" })
            #expect(
                Set(page.items.map(\.idempotencyKey))
                    == Set(
                        GrassrootsApp.sampleVisits.compactMap {
                            $0["jlbh"]?.stringValue.map { "ingest:legacy-community-app:\($0)" }
                        }))
            let offsets = app.control.requests.prefix(3).map { $0.query["offset"]?.stringValue }
            #expect(offsets == ["0", "2", "4"], "offset paging, two records a page, until a short page")
        }
    }

    @Test func aFailingPollIsNotedInTheAdaptersHealth() async throws {
        try await withStandIn(GrassrootsApp(appKey: "poll-key")) { app in
            app.control.failAlways(.serverError)
            let clock = TestClock()
            let gateway = try await Self.gateway(polling: app, every: .seconds(60), clock: clock)
            try await gateway.application.test(.router) { _ in
                await clock.waitForSleepers(Self.idleWorkers)  // the poll at start has failed
            }
            let health = await gateway.services.adapterHealth.status(of: "legacy-community-app")
            #expect(health.lastError?.contains("HTTP 500") == true, "\(String(describing: health.lastError))")
            #expect(health.lastSuccess == nil)
            #expect(try await gateway.base.storedCounts().submissions == 0)
        }
    }
}

/// 社区通 read on a schedule: every visit record of the district by offset paging, turned into
/// submissions by the shipped adapter's ingest mapping (fed the app's own signed webhook form).
struct PolledCommunityApp: PollingIngestAdapter {
    let base: DeclarativeAdapter
    let baseURL: String
    let secret: String
    let pollInterval: Duration?

    var descriptor: AdapterDescriptor { base.descriptor }

    func poll(through transport: any HTTPTransport) async throws -> [IngestedRecord] {
        var rows: [JSONValue] = []
        while true {
            let request = OutboundRequest(
                method: "GET", url: "\(baseURL)/api/zfjl/offset?offset=\(rows.count)&limit=2",
                headers: [HTTPHeader("X-App-Key", "poll-key")])
            let response = try await transport.send(request, timeout: .seconds(5))
            guard response.status == 200, case .array(let page)? = try JSONValue(parsing: response.body)["list"] else {
                throw AdapterError.unreadableResponse("社区通 answered HTTP \(response.status)")
            }
            rows += page
            if page.count < 2 { break }
        }
        return try await base.ingest(GrassrootsApp.visitWebhook(rows, secret: secret))
    }
}
