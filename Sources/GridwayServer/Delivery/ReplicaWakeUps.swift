import GridwayDelivery
import GridwayStore
import ServiceLifecycle

/// Wakes this replica's dispatcher and inbox streams for work committed through any replica of a
/// shared store, until the service group shuts down.
struct ReplicaWakeUps: Service {
    let notifier: any ChangeNotifier
    let dispatcher: DeliveryDispatcher?
    let feed: ResultFeed

    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await _ in notifier.changes(.deliveries).cancelOnGracefulShutdown() { dispatcher?.wake() }
            }
            group.addTask {
                for await _ in notifier.changes(.results).cancelOnGracefulShutdown() { feed.publish() }
            }
        }
    }
}
