import Synchronization
import Testing

@testable import GridwayStore

@Suite(.timeLimit(.minutes(1))) struct GroupCommitterTests {
    /// A commit the test holds until it lets it go, recording every batch it is given.
    private final class HeldCommits: Sendable {
        private let state = Mutex<(batches: [[Int]], held: [CheckedContinuation<Void, Never>])>(([], []))

        var batches: [[Int]] { state.withLock { $0.batches } }

        /// Records `jobs` and waits to be let go; throws if the committing task was cancelled meanwhile.
        func commit(_ jobs: [Int]) async throws -> [Int] {
            await withCheckedContinuation { continuation in
                state.withLock {
                    $0.batches.append(jobs)
                    $0.held.append(continuation)
                }
            }
            try Task.checkCancellation()
            return jobs.map { $0 * 10 }
        }

        /// Returns once `count` batches have been handed to the commit.
        func waitForBatches(_ count: Int) async {
            while state.withLock({ $0.batches.count }) < count { await Task.yield() }
        }

        /// Lets the held commits go.
        func release() {
            for continuation in state.withLock({ state in
                defer { state.held = [] }
                return state.held
            }) {
                continuation.resume()
            }
        }
    }

    /// Returns once `count` jobs wait behind the batch being committed.
    private func waitForWaiting(_ count: Int, in committer: GroupCommitter<Int, Int>) async {
        while await committer.waitingJobs < count { await Task.yield() }
    }

    @Test func jobsArrivingDuringACommitShareTheNextOneAndEachGetsItsOwnOutput() async throws {
        let commits = HeldCommits()
        let committer = GroupCommitter<Int, Int> { try await commits.commit($0) }
        async let first = committer.run(1)
        await commits.waitForBatches(1)
        async let second = committer.run(2)
        async let third = committer.run(3)
        await waitForWaiting(2, in: committer)
        commits.release()
        await commits.waitForBatches(2)
        commits.release()
        #expect(try await [first, second, third] == [10, 20, 30])
        #expect(commits.batches.map { $0.sorted() } == [[1], [2, 3]])
        await committer.finished()
    }

    /// The batch's first caller commits it; cancelled meanwhile, it fails alone and the others' jobs go
    /// into the next batch.
    @Test func aCancelledCallerFailsAloneAndTheJobsItCarriedAreCommittedNext() async throws {
        let commits = HeldCommits()
        let committer = GroupCommitter<Int, Int> { try await commits.commit($0) }
        async let first = committer.run(1)
        await commits.waitForBatches(1)
        let second = Task { try await committer.run(2) }
        await waitForWaiting(1, in: committer)
        async let third = committer.run(3)
        await waitForWaiting(2, in: committer)
        commits.release()
        #expect(try await first == 10)
        await commits.waitForBatches(2)
        #expect(commits.batches[1] == [2, 3], "the second caller leads the next batch")
        second.cancel()
        commits.release()
        await #expect(throws: CancellationError.self) { try await second.value }
        await commits.waitForBatches(3)
        commits.release()
        #expect(try await third == 30)
        #expect(commits.batches[2] == [3])
        await committer.finished()
    }
}
