import Foundation
import GridwayCore

/// The part of the store the delivery dispatcher works from: claiming due deliveries under a lease and
/// recording each attempt's outcome.
public protocol DeliveryQueue: Sendable {
    /// Claims up to `limit` of `target`'s due deliveries (outstanding and due, or in flight with an
    /// expired lease), oldest due first, marking them in flight until `lease` from now; none while the
    /// target is paused, so a pause holds from the moment it is stored.
    func claimDueDeliveries(target: String, limit: Int, lease: Duration) async throws -> [ClaimedDelivery]

    /// Makes every delivery still in flight due now, when this process alone uses the store (so it
    /// holds every lease, and a lease found at start-up was left by its own previous run); returns how
    /// many. A store several replicas share reclaims none and returns 0: a lease there may belong to a
    /// live replica and must run out. Called once at start-up, before anything is claimed.
    func reclaimOrphanedDeliveries() async throws -> Int

    /// When `target`'s earliest outstanding delivery falls due, if any is outstanding.
    func nextDeliveryDue(target: String) async throws -> Date?

    /// Records an attempt's outcome for a claimed delivery; `false` if it was no longer in flight
    /// (cancelled by a correction or replayed meanwhile).
    func record(_ result: DeliveryResult, forDelivery id: String) async throws -> Bool

    /// The targets currently paused.
    func pausedTargets() async throws -> Set<String>
}
