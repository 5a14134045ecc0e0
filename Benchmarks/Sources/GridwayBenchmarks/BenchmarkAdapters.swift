import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import GridwayJSON

/// The adapters the benchmarks map with, from the repository, and the submission they map.
struct BenchmarkAdapters {
    /// The settings the adapters are made with; `*_URL` settings are added by the caller.
    static let settings = [
        "CIVIL_AFFAIRS_TOKEN": "bench-token", "HEALTH_COMMISSION_APP_ID": "bench-app",
        "HEALTH_COMMISSION_APP_SECRET": "bench-secret",
    ]

    /// `civil-affairs-elderly` (JSON), `health-commission-visits` (SOAP/XML) and the benchmark's
    /// `bench-form-elderly` (form), in that order.
    let adapters: [DeclarativeAdapter]
    /// The first example of `elderly-visit@1` as a submission to deliver.
    let submission: (contract: Contract, input: DeliveryInput)

    /// Loads them from the repository at `repository`, with `urls` as extra settings.
    init(repository: URL, urls: [String: String] = [:]) throws {
        let catalog = try ContractCatalog.load(directory: repository.appendingPathComponent("contracts"))
        let reference = try ContractRef(parsing: "elderly-visit@1")
        guard let contract = catalog.contract(reference), case .array(let examples)? = contract.schema["examples"],
            let data = examples.first
        else { throw BenchmarkError("contracts/elderly-visit@1.json has no example") }
        let environment = Self.settings.merging(urls) { $1 }
        adapters = try [
            "adapters/civil-affairs-elderly", "adapters/health-commission-visits",
            "Benchmarks/adapters/bench-form-elderly",
        ].map { folder in
            try DeclarativeAdapter(
                manifest: AdapterManifest(folder: repository.appendingPathComponent(folder)), environment: environment)
        }
        submission = (
            contract,
            DeliveryInput(
                submissionID: "01a2212b-107b-7c3e-9a41-5d2e8f6b7a10", contract: reference, unit: "210102001001",
                period: "2026-11", data: data, receivedAt: Date(timeIntervalSince1970: 1_795_939_200))
        )
    }

    /// The submission as `adapter` receives it: only its granted fields.
    func input(for adapter: DeclarativeAdapter) -> DeliveryInput {
        var input = submission.input
        if let grant = adapter.descriptor.grant(for: input.contract) {
            input.data = grant.project(input.data, of: submission.contract)
        }
        return input
    }
}

/// A benchmark that cannot run.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
