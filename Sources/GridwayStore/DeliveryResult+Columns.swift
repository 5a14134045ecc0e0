import GridwayCore

extension DeliveryResult {
    /// The delivery's state and columns once this outcome is recorded at `now` (epoch milliseconds):
    /// the next attempt's time, the last error, the receipt and when it was delivered.
    package func columns(at now: Int64) -> (
        state: DeliveryState, dueAt: Int64?, error: String?, receipt: String?, deliveredAt: Int64?
    ) {
        switch self {
        case .delivered(let receipt): (.delivered, nil, nil, receipt, now)
        case .retry(let error, let next): (.retrying, EpochMilliseconds.of(next), error, nil, nil)
        case .dead(let error): (.dead, nil, error, nil, nil)
        }
    }
}
