import Foundation
import GridwayAdapters
import GridwayDelivery
import Logging

extension GridwayServices {
    /// The services with fan-out started: every adapter that can `deliver` or `notify` becomes a
    /// target with its configured settings and signing secrets, served by one dispatcher.
    public func withDelivery(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "gridway.delivery")
    ) throws -> GridwayServices {
        var services = self
        let targets = adapters.adapters.filter { $0.descriptor.isTarget }.map { adapter in
            DeliveryTarget(
                adapter: adapter,
                settings: configuration.targetSettings(for: adapter.descriptor.id, environment: environment),
                transport: transport(for: adapter))
        }
        services.dispatcher = try DeliveryDispatcher(
            store: store, catalog: catalog, targets: targets, observer: deliveryMetrics, logger: logger, clock: clock)
        return services
    }

    /// The targets: adapters that can `deliver` or `notify`.
    var targetDescriptors: [AdapterDescriptor] {
        adapters.adapters.map(\.descriptor).filter(\.isTarget)
    }
}

extension AdapterDescriptor {
    /// Whether the dispatcher sends to this adapter: it can `deliver` submissions or `notify` results.
    var isTarget: Bool { !capabilities.isDisjoint(with: [.deliver, .notify]) }
}
