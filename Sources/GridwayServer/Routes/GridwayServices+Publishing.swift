import GridwayCore
import GridwayDelivery
import GridwayStore

extension GridwayServices {
    /// Stores a result whose audience was already checked, with a delivery into every legacy app whose
    /// `notify` adapter covers an addressed unit, then wakes the inbox streams and the dispatcher; the
    /// one path every result (API, reminders) goes through.
    func publish(_ request: ResultRequest, idempotencyKey: String, sentBy sender: String) async throws -> ResultOutcome
    {
        let addressed = request.audience.addressedUnits(in: units)
        let routes = NotifyRouter(registry: adapters, units: units).routes(to: addressed)
        let outcome = try await store.publish(
            request, addressedCount: addressed.count, notifying: routes, idempotencyKey: idempotencyKey,
            sentBy: sender)
        if case .published = outcome {
            resultFeed.publish()
            if !routes.isEmpty { dispatcher?.wake() }
        }
        return outcome
    }
}
