import Foundation
import GridwayCore

/// Erasing the personal data of stored submissions, when their retention ends or on a subject's
/// request, while their receipt, digest, non-personal fields, aggregates, deliveries and the
/// audit chain stay.
public protocol RetentionStore: Sendable {
    /// Up to `limit` submissions of `contract` past `cutoff` whose personal data has not been
    /// erased yet, oldest first.
    func submissionsHoldingPersonalData(of contract: ContractRef, pastRetention cutoff: RetentionCutoff, limit: Int)
        async throws -> [Submission]

    /// When the oldest submission of `contract` still holding personal data was received; `nil` when
    /// none does (never any, or all erased).
    func oldestPersonalData(of contract: ContractRef) async throws -> Date?

    /// In one transaction, replaces each submission's data with ``PersonalDataErasure/data``,
    /// clears its stored subject key, and the last error (an upstream's error text may quote a
    /// personal value) and order key (a hash of the subject key) of its deliveries, whose states,
    /// attempts and receipts stay; marks it erased at
    /// `now` and audits it
    /// (``AuditEvent/personalDataErased(_:)``). A submission already erased, or missing, is
    /// left alone; returns the ids of the submissions erased now.
    func erasePersonalData(_ erasures: [PersonalDataErasure], by actor: String, at now: Date) async throws -> [String]
}
