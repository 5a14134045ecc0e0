import Foundation

/// A result as one addressed unit sees it: with that unit's acknowledgement and, for a task, when
/// the unit first submitted what it asks for.
public struct InboxItem: Sendable, Hashable {
    /// The result.
    public var result: PublishedResult
    /// When the unit acknowledged it, or `nil` while unread.
    public var acknowledgedAt: Date?
    /// For a task: when the unit first submitted under its contract for its period (a correction
    /// keeps the original's time), or `nil` while it has not.
    public var taskSubmittedAt: Date?

    /// Creates an inbox item.
    public init(result: PublishedResult, acknowledgedAt: Date?, taskSubmittedAt: Date? = nil) {
        self.result = result
        self.acknowledgedAt = acknowledgedAt
        self.taskSubmittedAt = taskSubmittedAt
    }

    /// Where the unit stands on the task at `now`; `nil` for other kinds.
    public func taskState(at now: Date) -> TaskState? {
        result.request.task.map { TaskState(dueAt: $0.dueAt, submittedAt: taskSubmittedAt, now: now) }
    }
}
