import ArgumentParser
import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON

/// `GridwayBenchmarks mapping`: how many submissions per second the declarative engine maps to an
/// upstream body on one thread, for the shipped JSON and SOAP/XML adapters, beside a plain JSON
/// serialization of the same submission.
struct MappingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Mappings per second of the declarative engine, on one thread.")

    @Option(help: "The repository root (contracts/, adapters/, Benchmarks/adapters/).")
    var repository = "."

    @Option(help: "Seconds to run each case.")
    var seconds = 3.0

    /// One measured case.
    private struct Case {
        var name: String
        var bytes: Int
        var run: () async throws -> Void
    }

    func run() async throws {
        let loaded = try BenchmarkAdapters(repository: URL(fileURLWithPath: repository))
        let (civil, health) = (loaded.adapters[0], loaded.adapters[1])
        let (civilInput, healthInput) = (loaded.input(for: civil), loaded.input(for: health))
        let document = loaded.submission.input.document
        let json = try civil.deliveryRequest(for: civilInput)
        let xml = try health.deliveryRequest(for: healthInput)
        let (civilAnswer, healthAnswer) = (CannedTransport.civilAffairs, try CannedTransport.healthCommission())
        for (adapter, input, transport) in [(civil, civilInput, civilAnswer), (health, healthInput, healthAnswer)] {
            let outcome = try await adapter.deliver(input, through: transport)
            guard case .delivered = outcome else {
                throw BenchmarkError("\(adapter.descriptor.id) does not deliver against its canned answer: \(outcome)")
            }
        }
        let cases = [
            Case(name: "baseline: submission document → JSON text", bytes: document.serialized().count) {
                _ = document.serialized()
            },
            Case(name: "civil-affairs-elderly: mapping → JSON body", bytes: json.body.count) {
                _ = try civil.deliveryRequest(for: civilInput)
            },
            Case(name: "health-commission-visits: mapping → XML body", bytes: xml.body.count) {
                _ = try health.deliveryRequest(for: healthInput)
            },
            Case(name: "civil-affairs-elderly: deliver (+ bearer, answer)", bytes: json.body.count) {
                _ = try await civil.deliver(civilInput, through: civilAnswer)
            },
            Case(name: "health-commission-visits: deliver (+ HMAC, answer)", bytes: xml.body.count) {
                _ = try await health.deliver(healthInput, through: healthAnswer)
            },
        ]
        var rates: [Double] = []
        print(
            "  case                                                   per second    µs each   body bytes   ÷ baseline")
        for item in cases {
            let rate = try await measure(item.run)
            rates.append(rate)
            let ratio = rates[0] > 0 ? rate / rates[0] : 0
            print(
                "  \(item.name.padding(toLength: 52, withPad: " ", startingAt: 0))"
                    + String(format: " %12.0f %10.2f %12d %12.2f", rate, 1_000_000 / rate, item.bytes, ratio))
        }
        print(String(format: "\n  XML ÷ JSON mapping: %.2f", rates[2] / rates[1]))
    }

    /// Calls `body` in batches until ``seconds`` have passed; returns calls per second.
    private func measure(_ body: () async throws -> Void) async throws -> Double {
        for _ in 0..<1_000 { try await body() }
        let clock = ContinuousClock()
        let start = clock.now
        let limit = Duration.milliseconds(Int(seconds * 1000))
        var calls = 0
        while clock.now - start < limit {
            for _ in 0..<500 { try await body() }
            calls += 500
        }
        let elapsed = clock.now - start
        return Double(calls) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
