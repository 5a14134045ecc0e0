import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// Plays fixtures against an adapter offline, through a ``RecordingTransport``, and reports every
/// difference between what the fixture expects and what the adapter did.
public struct FixtureRunner: Sendable {
    private let manifest: AdapterManifest?
    private let makeAdapter:
        @Sendable (_ environment: [String: String], _ clock: @escaping @Sendable () -> Date) throws -> any Adapter

    /// A runner for a declarative adapter: each fixture's `settings:` (else the manifest's defaults)
    /// are the only setting values; the environment is never read.
    public init(manifest: AdapterManifest) {
        self.manifest = manifest
        makeAdapter = { environment, clock in
            try DeclarativeAdapter(manifest: manifest, environment: environment, clock: clock)
        }
    }

    /// A runner for any adapter, made per fixture from its `settings:` and clock. Structured
    /// response bodies are written as JSON unless the fixture says `format:`.
    public init(
        adapter:
            @escaping @Sendable (_ settings: [String: String], _ clock: @escaping @Sendable () -> Date) throws ->
            any Adapter
    ) {
        manifest = nil
        makeAdapter = adapter
    }

    /// Runs one fixture.
    public func run(_ fixture: Fixture) async -> FixtureResult {
        var mismatches: [FixtureMismatch] = []
        let result = { FixtureResult(name: fixture.name, file: fixture.file, mismatches: mismatches) }
        let now = fixture.now
        let adapter: any Adapter
        let environment: [String: String]
        do {
            environment = try self.environment(for: fixture)
            adapter = try makeAdapter(environment, { now })
        } catch let error as FixtureMismatch {
            mismatches.append(error)
            return result()
        } catch {
            mismatches.append(FixtureMismatch(path: "adapter", expected: "an adapter", actual: "an error: \(error)"))
            return result()
        }
        var responses: [InboundResponse] = []
        for (index, exchange) in fixture.exchanges.enumerated() {
            do {
                responses.append(try response(exchange.response, capability: fixture.capability))
            } catch {
                mismatches.append(
                    FixtureMismatch(
                        path: "exchange \(index + 1) response body", expected: "a body the format can write",
                        actual: "\(error)"))
            }
        }
        guard mismatches.isEmpty else { return result() }
        let transport = RecordingTransport(responses: responses)
        let produced: Result<Produced, any Error>
        do {
            produced = .success(try await perform(fixture, on: adapter, through: transport, environment: environment))
        } catch {
            produced = .failure(error)
        }
        mismatches += compareRequests(transport.requests, fixture)
        mismatches += compare(produced, fixture.expectation)
        return result()
    }

    /// What an adapter produced for a fixture.
    private enum Produced {
        case outcome(DeliveryOutcome)
        case records([JSONValue])
        case submissions([IngestedRecord])
    }

    /// The setting values of a fixture, keyed by environment variable as the adapter reads them.
    private func environment(for fixture: Fixture) throws -> [String: String] {
        guard let manifest else { return fixture.settings }
        var environment: [String: String] = [:]
        for setting in manifest.settings {
            guard let value = fixture.settings[setting.name] ?? setting.defaultValue else {
                throw FixtureMismatch(
                    path: "settings.\(setting.name)", expected: "a value in the fixture's settings:", actual: "nothing")
            }
            environment[setting.environmentVariable] = value
        }
        if let unknown = fixture.settings.keys.sorted().first(where: { name in
            !manifest.settings.contains { $0.name == name }
        }) {
            throw FixtureMismatch(
                path: "settings.\(unknown)", expected: "a setting the manifest declares", actual: "an unknown setting")
        }
        return environment
    }

    private func perform(
        _ fixture: Fixture, on adapter: any Adapter, through transport: RecordingTransport,
        environment: [String: String]
    )
        async throws -> Produced
    {
        switch fixture.input {
        case .deliver(let input): return .outcome(try await adapter.deliver(input, through: transport))
        case .notify(let input): return .outcome(try await adapter.notify(input, through: transport))
        case .fetch(let query): return .records(try await adapter.fetch(query, through: transport))
        case .ingest(let webhook):
            let inbound = try self.webhook(webhook, environment: environment)
            // A fixture's webhook comes as the legacy app sends it, without a Gridway key: checked by `verify:`.
            if let manifest, let ingest = manifest.ingest {
                try ingest.verification.verify(inbound, settings: try manifest.resolveSettings(environment))
            }
            return .submissions(try await adapter.ingest(inbound))
        }
    }

    /// The webhook a fixture describes, its body written in the ingest format and, when `signed`,
    /// with the header the adapter's `verify:` expects.
    private func webhook(_ webhook: Fixture.Webhook, environment: [String: String]) throws -> InboundWebhook {
        let codec = manifest?.ingest?.codec ?? .json
        let body = try bytes(webhook.body, codec: codec)
        var headers = webhook.headers
        if webhook.signed, let manifest, let ingest = manifest.ingest {
            let settings = try manifest.resolveSettings(environment)
            if let header = ingest.verification.header(for: body, settings: settings) { headers.append(header) }
        }
        return InboundWebhook(headers: headers, body: body)
    }

    /// A scripted answer, its body written in the capability's response format unless it says otherwise
    /// (a structured XML body names its own root element).
    private func response(_ template: Fixture.InboundResponseTemplate, capability: AdapterCapability) throws
        -> InboundResponse
    {
        var codec: BodyCodec
        switch capability {
        case .deliver: codec = manifest?.deliver?.response.codec ?? .json
        case .notify: codec = manifest?.notify?.response.codec ?? .json
        case .fetch: codec = manifest?.fetch?.response.codec ?? .json
        case .ingest: codec = .json
        }
        codec.options.root = nil
        var headers = template.headers
        guard let body = template.body else { return InboundResponse(status: template.status, headers: headers) }
        let bytes = try bytes(body, codec: codec)
        if case .value(_, let format) = body, !headers.contains(where: { $0.hasName("Content-Type") }) {
            let used =
                format.map { BodyCodec(format: $0, options: codec.format == $0 ? codec.options : BodyFormatOptions()) }
                ?? codec
            headers.append(HTTPHeader("Content-Type", used.format.contentType(options: used.options)))
        }
        return InboundResponse(status: template.status, headers: headers, body: bytes)
    }

    /// The bytes of a fixture body: raw text as UTF-8, a value written by its format (or `codec`).
    private func bytes(_ body: Fixture.Body, codec: BodyCodec) throws -> [UInt8] {
        switch body {
        case .raw(let text): return Array(text.utf8)
        case .value(let value, let format):
            let used =
                format.map { BodyCodec(format: $0, options: codec.format == $0 ? codec.options : BodyFormatOptions()) }
                ?? codec
            return try used.format.encode(value, options: used.options)
        }
    }

    /// The differences between the requests sent and those expected.
    private func compareRequests(_ requests: [OutboundRequest], _ fixture: Fixture) -> [FixtureMismatch] {
        var found: [FixtureMismatch] = []
        let count = max(requests.count, fixture.exchanges.count)
        for index in 0..<count {
            let prefix = count > 1 ? "request \(index + 1) " : ""
            guard index < requests.count else {
                let expected =
                    fixture.exchanges[index].request.map {
                        "\($0.method ?? "a") request to \($0.url ?? "the upstream")"
                    } ?? "a request"
                found.append(FixtureMismatch(path: prefix + "request", expected: expected, actual: "no request"))
                continue
            }
            let request = requests[index]
            guard index < fixture.exchanges.count else {
                found.append(
                    FixtureMismatch(
                        path: prefix + "request", expected: "no request", actual: "\(request.method) \(request.url)"))
                continue
            }
            guard let expected = fixture.exchanges[index].request else { continue }
            if let method = expected.method, method != request.method {
                found.append(FixtureMismatch(path: prefix + "method", expected: method, actual: request.method))
            }
            if let url = expected.url, url != request.url {
                found.append(
                    FixtureMismatch(
                        path: prefix + "url", expected: JSONDiff.shown(.string(url)),
                        actual: JSONDiff.shown(.string(request.url))))
            }
            for header in expected.headers where request.header(header.name) != header.value {
                found.append(
                    FixtureMismatch(
                        path: prefix + "headers.\(header.name)", expected: JSONDiff.shown(.string(header.value)),
                        actual: request.header(header.name).map { JSONDiff.shown(.string($0)) } ?? "nothing"))
            }
            if let body = expected.body {
                found += compareBody(body, request, namespaces: expected.namespaces, prefix: prefix)
            }
        }
        return found
    }

    private func compareBody(
        _ body: Fixture.Body, _ request: OutboundRequest, namespaces: [String: String], prefix: String
    ) -> [FixtureMismatch] {
        switch body {
        case .raw(let text):
            let actual = String(decoding: request.body, as: UTF8.self)
            return actual == text
                ? []
                : [
                    FixtureMismatch(
                        path: prefix + "body", expected: JSONDiff.shown(.string(text)),
                        actual: JSONDiff.shown(.string(actual)))
                ]
        case .value(let value, let format):
            let declared = request.header("Content-Type").flatMap(BodyCodec.forContentType)
            let codec =
                format.map { BodyCodec(format: $0, options: declared?.options ?? BodyFormatOptions()) } ?? declared
                ?? .json
            if codec.format == .xml {
                return XMLBodyComparison(namespaces: namespaces).differences(
                    expected: value, body: request.body, options: codec.options, at: prefix + "body")
            }
            let decoded: JSONValue
            do {
                decoded = try codec.format.decode(request.body, options: codec.options)
            } catch {
                return [
                    FixtureMismatch(
                        path: prefix + "body", expected: JSONDiff.shown(value),
                        actual: "a body that is not \(codec.format.rawValue) (\(error))")
                ]
            }
            return JSONDiff.differences(
                expected: value, actual: decoded, at: prefix + "body", loose: codec.format != .json)
        }
    }

    /// The differences between what the adapter produced and what the fixture expects.
    private func compare(_ produced: Result<Produced, any Error>, _ expectation: Fixture.Expectation)
        -> [FixtureMismatch]
    {
        let error: (any Error)?
        let value: Produced?
        switch produced {
        case .success(let made): (value, error) = (made, nil)
        case .failure(let failure): (value, error) = (nil, failure)
        }
        if case .error(let text) = expectation {
            guard let error else {
                return [
                    FixtureMismatch(
                        path: "error", expected: "an error containing \(JSONDiff.shown(.string(text)))",
                        actual: value.map(Self.describe) ?? "nothing")
                ]
            }
            let description = String(describing: error)
            return description.contains(text)
                ? []
                : [
                    FixtureMismatch(
                        path: "error", expected: "an error containing \(JSONDiff.shown(.string(text)))",
                        actual: JSONDiff.shown(.string(description)))
                ]
        }
        guard let value else {
            return [
                FixtureMismatch(
                    path: "outcome", expected: Self.describe(expectation),
                    actual: "an error: \(error.map { String(describing: $0) } ?? "")")
            ]
        }
        switch (expectation, value) {
        case (.delivered(let receipt), .outcome(.delivered(let actual))):
            guard let receipt, receipt != actual else { return [] }
            return [
                FixtureMismatch(
                    path: "receipt", expected: receipt.map { JSONDiff.shown(.string($0)) } ?? "none",
                    actual: actual.map { JSONDiff.shown(.string($0)) } ?? "none")
            ]
        case (.retry(let after, let reason), .outcome(.retry(let actualReason, let actualAfter))):
            var found: [FixtureMismatch] = []
            if let after, after != actualAfter {
                found.append(
                    FixtureMismatch(path: "after", expected: "\(after)", actual: actualAfter.map { "\($0)" } ?? "none"))
            }
            if let reason, !actualReason.contains(reason) {
                found.append(
                    FixtureMismatch(
                        path: "reason", expected: "a reason containing \(JSONDiff.shown(.string(reason)))",
                        actual: JSONDiff.shown(.string(actualReason))))
            }
            return found
        case (.rejected(let reason), .outcome(.rejected(let actualReason))):
            guard let reason, !actualReason.contains(reason) else { return [] }
            return [
                FixtureMismatch(
                    path: "reason", expected: "a reason containing \(JSONDiff.shown(.string(reason)))",
                    actual: JSONDiff.shown(.string(actualReason)))
            ]
        case (.records(let expected), .records(let actual)):
            return JSONDiff.differences(expected: .array(expected), actual: .array(actual), at: "records", loose: false)
        case (.submissions(let expected), .submissions(let actual)):
            return JSONDiff.differences(
                expected: .array(expected), actual: .array(actual.map(Self.json)), at: "submissions", loose: false)
        default:
            return [
                FixtureMismatch(path: "outcome", expected: Self.describe(expectation), actual: Self.describe(value))
            ]
        }
    }

    /// An ingested record as a fixture writes it.
    private static func json(_ record: IngestedRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("contract", .string(record.request.contract.description)), ("unit", .string(record.request.unit)),
        ]
        if let period = record.request.period { members.append(("period", .string(period))) }
        members += [("sourceID", .string(record.sourceID)), ("data", record.request.data)]
        return .object(.init(uniqueKeysWithValues: members))
    }

    private static func describe(_ produced: Produced) -> String {
        switch produced {
        case .outcome(.delivered(let receipt)): "delivered" + (receipt.map { " (receipt \($0))" } ?? "")
        case .outcome(.retry(let reason, _)): "retry (\(reason))"
        case .outcome(.rejected(let reason)): "rejected (\(reason))"
        case .records(let records): "\(records.count) records"
        case .submissions(let records): "\(records.count) submissions"
        }
    }

    private static func describe(_ expectation: Fixture.Expectation) -> String {
        switch expectation {
        case .delivered: "delivered"
        case .retry: "retry"
        case .rejected: "rejected"
        case .records(let records): "\(records.count) records"
        case .submissions(let records): "\(records.count) submissions"
        case .error(let text): "an error containing \(JSONDiff.shown(.string(text)))"
        }
    }
}
