/// Groups concurrent writes into shared transactions, so durability costs one commit per batch
/// rather than one per request.
///
/// A job waits only while the previous batch commits; whatever arrived meanwhile forms the next
/// batch. There is no timer: a lone job is committed at once.
package actor GroupCommitter<Job: Sendable, Output: Sendable> {
    package typealias Commit = @Sendable ([Job]) async throws -> [Output]

    private let maximumBatch: Int
    private let commit: Commit
    private var waiting: [(job: Job, continuation: CheckedContinuation<Output, any Error>)] = []
    private var isCommitting = false

    package init(maximumBatch: Int = 256, commit: @escaping Commit) {
        self.maximumBatch = maximumBatch
        self.commit = commit
    }

    /// Runs `job` in the next shared transaction and returns its output once that transaction is durable.
    package func run(_ job: Job) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((job, continuation))
            if !isCommitting {
                isCommitting = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(maximumBatch))
            waiting.removeFirst(batch.count)
            do {
                let outputs = try await commit(batch.map(\.job))
                for (entry, output) in zip(batch, outputs) { entry.continuation.resume(returning: output) }
            } catch {
                for entry in batch { entry.continuation.resume(throwing: error) }
            }
        }
        isCommitting = false
    }
}
