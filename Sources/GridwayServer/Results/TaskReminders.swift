import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Logging
import ServiceLifecycle

/// Sends each task's reminder (催报提醒): once a task is within ``lead`` of its due time, a `notice`
/// goes to every addressed unit that has not submitted yet, under the task's sender.
///
/// Each task gets at most one reminder, whichever process sends it: the reminder is published with
/// the idempotency key ``ResultTask/reminderKey(forTask:)``. A task everybody already answered gets none.
public struct TaskReminders: Service {
    let services: GridwayServices
    /// How long before the due time the reminder goes out.
    let lead: Duration
    /// How often to look for tasks entering that window.
    let interval: Duration
    let logger: Logger

    /// Creates the service; ``run()`` looks every `interval` for tasks due within `lead`.
    public init(services: GridwayServices, lead: Duration, interval: Duration, logger: Logger) {
        self.services = services
        self.lead = lead
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await periodically(every: interval, on: services.clock, logger: logger, failure: "cannot send task reminders") {
            _ = try await sendDueReminders(now: services.clock.date)
        }
    }

    /// Publishes the reminders due at `now`; returns them.
    public func sendDueReminders(now: Date) async throws -> [PublishedResult] {
        var sent: [PublishedResult] = []
        let dueSoon = now.addingTimeInterval(lead.timeInterval)
        for task in try await services.store.tasksAwaitingReminder(now: now, dueBy: dueSoon) {
            guard let details = task.request.task else { continue }
            let submitted = try await services.submissions(answering: details, of: task.request.audience)
            let missing = task.request.audience.addressedUnits(in: services.units).filter { submitted[$0] == nil }
            guard !missing.isEmpty else { continue }
            let reminder = reminder(of: task, task: details, to: missing)
            if case .published(let stored) = try await services.publish(
                reminder, idempotencyKey: ResultTask.reminderKey(forTask: task.id), sentBy: task.sentBy)
            {
                logger.info(
                    "task reminder sent",
                    metadata: ["task": "\(task.id)", "reminder": "\(stored.id)", "units": "\(missing.count)"])
                sent.append(stored)
            }
        }
        return sent
    }

    /// The notice reminding `units` of `task`, with the task's contract, period and due time as data.
    private func reminder(of result: PublishedResult, task: ResultTask, to units: [String]) -> ResultRequest {
        let report = services.catalog.contract(task.contract)?.title ?? task.contract.description
        let due = BeijingTime.minute(task.dueAt)
        return ResultRequest(
            kind: .notice, title: "催报提醒：\(result.request.title)",
            body: "「\(result.request.title)」将于 \(due)（北京时间）截止，本单位尚未提交 \(task.period) 的\(report)，请及时填报。",
            data: ["reminderOf": .string(result.id), "task": task.view], audience: .units(units))
    }
}
