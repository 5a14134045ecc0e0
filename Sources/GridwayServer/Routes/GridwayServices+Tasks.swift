import Foundation
import GridwayCore
import GridwayStore

extension GridwayServices {
    /// When each unit below the task's audience roots first submitted what the task asks for; the
    /// units missing have not submitted.
    func submissions(answering task: ResultTask, of audience: ResultAudience) async throws -> [String: Date] {
        var submitted: [String: Date] = [:]
        for root in audience.roots {
            let first = try await store.firstSubmissions(
                contract: task.contract, period: task.period, within: root.unit)
            submitted.merge(first) { earlier, _ in earlier }
        }
        return submitted
    }
}
