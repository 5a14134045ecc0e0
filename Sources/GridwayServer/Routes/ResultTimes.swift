import Foundation
import GridwayCore

/// The times a result may carry, seen from `now`: an `expiresAt` still ahead, and neither it nor a
/// task's `dueAt` further ahead than ``horizon``. A `dueAt` already past stays allowed: a task may be
/// sent overdue.
struct ResultTimes {
    /// How far ahead an expiry or due time may lie: ten years.
    static let horizon: TimeInterval = 10 * 365 * 86_400

    let now: Date

    /// One violation per time out of bounds, at its JSON Pointer.
    func violations(of request: ResultRequest) -> [Problem.Violation] {
        var violations: [Problem.Violation] = []
        let latest = now.addingTimeInterval(Self.horizon)
        func check(_ date: Date, at location: String, name: String) {
            if date > latest {
                violations.append(
                    .init(
                        instanceLocation: location,
                        message:
                            "\"\(name)\" \(Timestamp.format(date)) is more than ten years ahead (latest \(Timestamp.format(latest)))"
                    ))
            }
        }
        if let expiresAt = request.expiresAt {
            if expiresAt <= now {
                violations.append(
                    .init(
                        instanceLocation: "/expiresAt",
                        message:
                            "\"expiresAt\" \(Timestamp.format(expiresAt)) is already past; a result must expire later than now"
                    ))
            }
            check(expiresAt, at: "/expiresAt", name: "expiresAt")
        }
        if let task = request.task { check(task.dueAt, at: "/task/dueAt", name: "dueAt") }
        return violations
    }
}
