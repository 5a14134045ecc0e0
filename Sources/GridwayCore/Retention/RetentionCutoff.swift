import Foundation

/// Which submissions of one contract have outlived their retention at a given moment.
public enum RetentionCutoff: Sendable, Hashable {
    /// Submissions of this period or an earlier one: the written forms of one period type sort
    /// chronologically as text (`2023-11` < `2023-12` < `2024-01`, `2023-W52` < `2024-W01`).
    case periodsThrough(String)
    /// Submissions without a period (a contract of period type `none`) received before this instant.
    case receivedBefore(Date)
}
