/// Groups concurrent writes into shared transactions, so durability costs one commit per batch
/// rather than one per request.
///
/// A job waits only while the previous batch commits; whatever arrived meanwhile forms the next
/// batch. There is no timer: a lone job is committed at once.
///
/// There is no background task either: a batch is committed in the task of its first job's caller,
/// which then hands the turn to the first job still waiting. Every commit therefore runs inside a
/// task that awaits its outcome — under the service group when the caller is (a request, the
/// dispatcher), in the caller's own task outside one (tools, tests) — and nothing outlives the
/// callers. ``finished()`` lets the store's `run()` hold its shutdown until the queue is empty.
package actor GroupCommitter<Job: Sendable, Output: Sendable> {
    package typealias Commit = @Sendable ([Job]) async throws -> [Output]

    /// What a waiting job is told: its output, or that its caller commits the next batch.
    private enum Turn {
        case committed(Result<Output, any Error>)
        case lead
    }

    private let maximumBatch: Int
    private let commit: Commit
    private var waiting: [(job: Job, continuation: CheckedContinuation<Turn, Never>)] = []
    private var isCommitting = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    package init(maximumBatch: Int = 256, commit: @escaping Commit) {
        self.maximumBatch = maximumBatch
        self.commit = commit
    }

    /// Runs `job` in the next shared transaction and returns its output once that transaction is durable.
    package func run(_ job: Job) async throws -> Output {
        if isCommitting {
            let turn = await withCheckedContinuation { waiting.append((job, $0)) }
            guard case .committed(let output) = turn else { return try await lead(with: job) }
            return try output.get()
        }
        isCommitting = true
        return try await lead(with: job)
    }

    /// How many jobs wait for a batch to be committed.
    package var waitingJobs: Int { waiting.count }

    /// Returns once no job waits and no batch is being committed.
    package func finished() async {
        guard isCommitting else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// Commits `job` with the jobs waiting behind it (up to a batch), then hands the turn on. If this
    /// caller's task was cancelled during a failed commit, the others' jobs wait for the next batch
    /// rather than fail with a cancellation that was not theirs.
    private func lead(with job: Job) async throws -> Output {
        let followers = Array(waiting.prefix(maximumBatch - 1))
        waiting.removeFirst(followers.count)
        let outputs: [Output]
        do {
            outputs = try await commit([job] + followers.map(\.job))
        } catch {
            if Task.isCancelled {
                waiting.insert(contentsOf: followers, at: 0)
            } else {
                for follower in followers { follower.continuation.resume(returning: .committed(.failure(error))) }
            }
            handOn()
            throw error
        }
        for (follower, output) in zip(followers, outputs.dropFirst()) {
            follower.continuation.resume(returning: .committed(.success(output)))
        }
        handOn()
        return outputs[0]
    }

    /// Gives the next batch to the first waiting job's caller, or marks the committer idle.
    private func handOn() {
        guard waiting.isEmpty else {
            waiting.removeFirst().continuation.resume(returning: .lead)
            return
        }
        isCommitting = false
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters = []
    }
}
