import Foundation
import GridwayCore

/// Durable storage of results sent down to org units and of each unit's acknowledgement.
public protocol ResultStore: Sendable {
    /// Stores a validated result addressed to `addressedCount` units, one pending delivery per
    /// notify route, and its audit entry in one transaction, unless `sender` (a credential id)
    /// already used `idempotencyKey` (then the earlier result is replayed or the reuse reported).
    func publish(
        _ request: ResultRequest, addressedCount: Int, notifying routes: [NotifyRoute], idempotencyKey: String,
        sentBy sender: String
    ) async throws -> ResultOutcome

    /// The deliveries of a result into legacy apps, by unit then target.
    func deliveries(ofResult id: String) async throws -> [Delivery]

    /// Tasks due after `now` and no later than `dueBy` (and not expired) for which no reminder was
    /// published yet (see ``ResultTask/reminderKey(forTask:)``), oldest due first.
    func tasksAwaitingReminder(now: Date, dueBy: Date) async throws -> [PublishedResult]

    /// The result with this id, if any.
    func result(id: String) async throws -> PublishedResult?

    /// The results a unit's inbox lists with its acknowledgements: newest first, or oldest first after `query.after`.
    func inbox(_ query: InboxQuery) async throws -> Page<InboxItem>

    /// Records `unit`'s acknowledgement of a result (audited once); returns when it was first acknowledged.
    func acknowledge(result id: String, unit: String, by actor: String) async throws -> Date

    /// Every acknowledgement of a result: when each unit acknowledged it.
    func acknowledgements(ofResult id: String) async throws -> [String: Date]

    /// When each unit in `subtree` first submitted under `contract` for `period` (a correction keeps
    /// the original's time): the units missing have not submitted.
    func firstSubmissions(contract: ContractRef, period: String, within subtree: String) async throws -> [String: Date]
}
