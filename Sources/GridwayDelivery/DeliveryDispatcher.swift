import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayStore
import Logging
import ServiceLifecycle

/// The outbox dispatcher: claims due deliveries, has each target's adapter build and send the
/// request — a submission with only the granted fields through `deliver`, a result into one
/// unit's legacy app through `notify` — and records the outcome.
///
/// It wakes at once when ``wake()`` says work arrived, otherwise when the next delivery falls due.
/// Claims are leased in the store, so deliveries in flight when the process dies are retried after
/// the lease expires — at once on start-up where the process alone uses the store (SQLite); each
/// attempt carries the same `Idempotency-Key`.
public final class DeliveryDispatcher: Service, Sendable {
    private let store: any DeliveryQueue
    private let catalog: ContractCatalog
    private let lanes: [TargetLane]
    private let observer: (any DeliveryObserver)?
    private let logger: Logger
    private let signal = WakeSignal()
    private let idleWait: Duration
    private let clock: any GridwayClock

    /// Creates a dispatcher for `targets`; `clock` times its waits, breakers and rate limits and
    /// stamps when a retry falls due.
    public init(
        store: any DeliveryQueue, catalog: ContractCatalog, targets: [DeliveryTarget],
        observer: (any DeliveryObserver)? = nil,
        logger: Logger, idleWait: Duration = .seconds(30), clock: any GridwayClock = SystemClock()
    ) throws {
        self.store = store
        self.catalog = catalog
        lanes = try targets.map { try TargetLane($0) }
        self.observer = observer
        self.logger = logger
        self.idleWait = idleWait
        self.clock = clock
    }

    /// Says that new deliveries were committed: the dispatcher looks at once.
    public func wake() {
        signal.signal()
    }

    /// The breaker state of every target, for metrics.
    public func breakerStates() -> [String: CircuitBreaker.State] {
        let now = clock.now
        return Dictionary(uniqueKeysWithValues: lanes.map { ($0.id, $0.breakerState(at: now)) })
    }

    /// Runs until the task is cancelled or the service group shuts down gracefully; attempts in
    /// flight then finish (or, cut short, are retried after the restart).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.reclaimOrphanedDeliveries()
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    let nextWake = await self.dispatchDueWork(into: &group)
                    await self.signal.wait(until: nextWake, on: self.clock)
                }
            }
        }
    }

    /// Makes deliveries the previous run left in flight due now, where the store allows it, and says
    /// how many; where it does not (or cannot be asked), their leases run out as usual.
    private func reclaimOrphanedDeliveries() async {
        do {
            let reclaimed = try await store.reclaimOrphanedDeliveries()
            if reclaimed > 0 {
                logger.notice(
                    "reclaimed deliveries left in flight by the previous run", metadata: ["count": "\(reclaimed)"])
            }
        } catch {
            if Task.isCancelled { return }
            logger.error("cannot reclaim deliveries left in flight", metadata: ["error": "\(error)"])
        }
    }

    /// Starts an attempt for every due delivery a lane has room for; returns when to look again.
    private func dispatchDueWork(into group: inout DiscardingTaskGroup) async -> ContinuousClock.Instant {
        let now = clock.now
        var nextWake = now + idleWait
        let paused: Set<String>
        do {
            paused = try await store.pausedTargets()
        } catch {
            if Task.isCancelled { return now }
            logger.error("cannot read paused targets", metadata: ["error": "\(error)"])
            return now + .seconds(1)
        }
        for lane in lanes where !paused.contains(lane.id) {
            let (slots, blockedUntil) = lane.reserveSlots(at: now)
            if let blockedUntil { nextWake = min(nextWake, blockedUntil) }
            guard slots > 0 else { continue }
            do {
                let claimed = try await store.claimDueDeliveries(
                    target: lane.id, limit: slots, lease: lane.settings.timeout * 2 + .seconds(30))
                lane.releaseUnclaimed(slots - claimed.count)
                for delivery in claimed {
                    group.addTask {
                        await self.attempt(delivery, on: lane)
                        lane.release()
                        self.signal.signal()
                    }
                }
                if claimed.count < slots, let due = try await store.nextDeliveryDue(target: lane.id) {
                    let untilDue = Int64(due.timeIntervalSince(clock.date) * 1000)
                    nextWake = min(nextWake, now + .milliseconds(max(0, untilDue)))
                }
            } catch {
                lane.releaseUnclaimed(slots)
                if Task.isCancelled { return now }
                logger.error("cannot claim deliveries", metadata: ["target": "\(lane.id)", "error": "\(error)"])
                nextWake = min(nextWake, now + .seconds(1))
            }
        }
        return nextWake
    }

    /// Makes one attempt and records its outcome. A failure caused by shutdown is not recorded: the
    /// delivery is tried again after the restart, once reclaimed or its lease expired.
    private func attempt(_ claimed: ClaimedDelivery, on lane: TargetLane) async {
        let delivery = claimed.delivery
        if let wait = lane.waitForRate(at: clock.now) { try? await clock.sleep(for: wait) }
        let started = clock.now
        let result: DeliveryResult
        do {
            let transport = SigningTransport(
                base: lane.transport, delivery: delivery, signer: lane.signer, timeout: lane.settings.timeout,
                clock: clock, adapterSigns: lane.adapter.descriptor.kind == .remote)
            let outcome =
                switch claimed.payload {
                case .submission(let submission):
                    try await lane.adapter.deliver(
                        try deliveryInput(submission, correction: delivery.correction, for: lane), through: transport)
                case .result(let result):
                    try await lane.adapter.notify(notifyInput(result, for: delivery), through: transport)
                }
            switch outcome {
            case .delivered(let receipt):
                lane.recordSuccess()
                result = .delivered(receipt: receipt)
            case .rejected(let reason):
                lane.recordSuccess()
                result = .dead(error: reason)
            case .retry(let reason, let after):
                lane.recordFailure(at: clock.now)
                result = retryOrGiveUp(delivery, on: lane, error: reason, retryAfter: after)
            }
        } catch let error as AdapterError {
            if Task.isCancelled { return }
            result = .dead(error: error.description)
        } catch {
            if Task.isCancelled { return }
            lane.recordFailure(at: clock.now)
            result = retryOrGiveUp(delivery, on: lane, error: "\(error)", retryAfter: nil)
        }
        observer?.attemptFinished(target: lane.id, result: result, duration: clock.now - started)
        do {
            _ = try await store.record(result, forDelivery: delivery.id)
        } catch is CancellationError {
            return
        } catch {
            logger.error(
                "cannot record a delivery outcome", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
        if case .dead = result {
            // Not the error text: an upstream's may quote a personal value, which a log would keep beyond
            // its retention. It is the delivery's last error, which erasure clears (`gridway deliveries list`).
            logger.warning("delivery dead", metadata: ["delivery": "\(delivery.id)", "target": "\(lane.id)"])
        }
    }

    /// The submission as this target may see it: only granted fields, marked as a correction if it is one.
    private func deliveryInput(_ submission: Submission, correction: Delivery.Correction?, for lane: TargetLane) throws
        -> DeliveryInput
    {
        let request = submission.request
        guard let contract = catalog.contract(request.contract),
            let grant = lane.adapter.descriptor.grant(for: request.contract)
        else {
            throw AdapterError.configuration("target \(lane.id) no longer consumes \(request.contract)")
        }
        return DeliveryInput(
            submissionID: submission.id, contract: request.contract, unit: request.unit, period: request.period,
            data: grant.project(request.data, of: contract), receivedAt: submission.receivedAt, correction: correction)
    }

    /// The result as the delivery's unit receives it; a task's contract, period and due time join its data.
    private func notifyInput(_ result: PublishedResult, for delivery: Delivery) -> NotifyInput {
        let request = result.request
        var data = request.data ?? .null
        if let task = request.task {
            data = ["task": task.view, "data": data]
        }
        return NotifyInput(
            resultID: result.id, kind: request.kind.rawValue, unit: delivery.subject.unit ?? "", title: request.title,
            body: request.body, data: data)
    }

    private func retryOrGiveUp(_ delivery: Delivery, on lane: TargetLane, error: String, retryAfter: Duration?)
        -> DeliveryResult
    {
        let attempts = delivery.attempts + 1
        let age = Duration.milliseconds(Int64(clock.date.timeIntervalSince(delivery.createdAt) * 1000))
        guard lane.settings.retry.allowsAnotherAttempt(after: attempts, age: age) else {
            return .dead(error: "\(error) (gave up after \(attempts) attempts)")
        }
        var generator = SystemRandomNumberGenerator()
        let delay = lane.settings.retry.delay(afterAttempt: attempts, retryAfter: retryAfter, using: &generator)
        return .retry(error: error, nextAttemptAt: clock.date(after: delay))
    }
}

/// Told about every finished attempt: metrics and adapter health listen here.
public protocol DeliveryObserver: Sendable {
    /// An attempt to `target` ended with `result` after `duration`.
    func attemptFinished(target: String, result: DeliveryResult, duration: Duration)
}
