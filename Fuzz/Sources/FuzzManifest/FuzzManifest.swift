import Foundation
import FuzzCatalog
import FuzzSupport
import GridwayAdapters
import GridwayCore

/// A fixed clock, so a run depends on its input only.
let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_793_000_000) }

/// Reads the input as `adapter.yaml` text; checks what reads against the shipped contracts; makes the
/// declarative adapter with every setting given a value; and builds the delivery request, plain and as a
/// correction, for the first example of each contract the manifest names.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let text = String(validating: input.bytes, as: UTF8.self),
        let manifest = try? AdapterManifest(yaml: text, file: "fuzz/adapter.yaml")
    else { return 0 }
    _ = manifest.check(against: Repository.catalog)
    let environment = Dictionary(
        manifest.settings.map { ($0.environmentVariable, "fuzz-\($0.name)") }, uniquingKeysWith: { first, _ in first })
    switch manifest.kind {
    case .remote:
        _ = try? manifest.remoteManifest(environment: environment)
    case .declarative:
        guard let adapter = try? DeclarativeAdapter(manifest: manifest, environment: environment, clock: clock) else {
            return 0
        }
        for grant in manifest.contracts {
            guard let contract = Repository.catalog.contract(grant.contract),
                case .array(let examples)? = contract.schema["examples"], let example = examples.first
            else { continue }
            let plain = DeliveryInput(
                submissionID: "0193a5c0-0000-7000-8000-000000000001", contract: grant.contract, unit: "210102001001",
                period: "2026-11", data: grant.project(example, of: contract), receivedAt: clock())
            var correction = plain
            correction.correction = DeliveryInput.Correction(
                originalSubmissionID: "0193a5c0-0000-7000-8000-000000000000", originalReceipt: "R-1")
            _ = try? adapter.deliveryRequest(for: plain)
            _ = try? adapter.deliveryRequest(for: correction)
        }
    }
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
