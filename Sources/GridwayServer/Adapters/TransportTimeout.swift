import GridwayAdapters

/// Runs `operation` for at most `timeout`; past it, cancels the operation and throws a timeout
/// ``TransportError`` with `reason`.
func withTransportTimeout<Value: Sendable>(
    _ timeout: Duration, reason: String, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask(operation: operation)
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TransportError(reason: reason, isTimeout: true)
        }
        defer { group.cancelAll() }
        guard let value = try await group.next() else { throw CancellationError() }
        return value
    }
}
