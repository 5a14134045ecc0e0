import GridwayCore
import GridwayStore
import Logging
import ServiceLifecycle

/// Fills the stored subject key (``GridwayCore/Contract/storedSubjectKey(in:)``) of submissions
/// stored without one: before the key existed, or by a replica of the previous version during a
/// rolling upgrade. The store cannot compute it, as it does not know the contracts.
///
/// It runs once at start-up, in the background, and before every prefill, so a prefill never misses
/// a report; when nothing is left that is one indexed lookup.
public struct SubjectKeyBackfill: Service {
    let services: GridwayServices
    let logger: Logger

    /// Creates the backfill.
    public init(services: GridwayServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// Fills every missing key, then waits for the application to shut down.
    public func run() async throws {
        do {
            let filled = try await fill()
            if filled > 0 {
                logger.info("filled the subject keys of stored submissions", metadata: ["submissions": "\(filled)"])
            }
        } catch {
            logger.error("cannot fill the subject keys of stored submissions", metadata: ["error": "\(error)"])
        }
        try? await gracefulShutdown()
    }

    /// Fills every missing key, 500 submissions per transaction; returns how many it filled. A
    /// submission of a contract the catalog no longer holds gets `""`, no subject.
    @discardableResult
    func fill() async throws -> Int {
        let catalog = services.catalog
        var total = 0
        while true {
            let filled = try await services.store.fillSubjectKeys(limit: 500) { contract, data in
                catalog.contract(contract)?.storedSubjectKey(in: data) ?? ""
            }
            guard filled > 0 else { return total }
            total += filled
        }
    }
}
