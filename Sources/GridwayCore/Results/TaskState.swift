import Foundation

/// Where one addressed unit stands on a task (填表任务).
public enum TaskState: String, Sendable, Hashable {
    /// Not submitted yet, and not due yet.
    case open
    /// Not submitted, and the due time has passed.
    case overdue
    /// Submitted by the due time.
    case submitted
    /// Submitted after the due time.
    case late

    /// The state of a unit that first submitted at `submittedAt` (or not yet) for a task due at `dueAt`.
    public init(dueAt: Date, submittedAt: Date?, now: Date) {
        switch submittedAt {
        case let submitted? where submitted > dueAt: self = .late
        case .some: self = .submitted
        case nil: self = now > dueAt ? .overdue : .open
        }
    }
}
