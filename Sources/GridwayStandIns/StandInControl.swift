import Synchronization

/// What a stand-in received and how it is told to misbehave; shared by the test and the running server.
public final class StandInControl: Sendable {
    private struct State {
        var requests: [ReceivedRequest] = []
        var faults: [StandInFault] = []
        var standingFault: StandInFault?
        var receipts = 0
    }

    private let state = Mutex(State())

    /// Creates a control with no requests and no faults.
    public init() {}

    /// Every request received so far, oldest first.
    public var requests: [ReceivedRequest] { state.withLock { $0.requests } }

    /// Every request received since the last call, oldest first, forgotten here; faults stay.
    public func takeRequests() -> [ReceivedRequest] {
        state.withLock { state in
            defer { state.requests = [] }
            return state.requests
        }
    }

    /// Answers the next `times` requests with `fault`, after any faults already queued.
    public func fail(_ fault: StandInFault, times: Int = 1) {
        state.withLock { $0.faults += Array(repeating: fault, count: max(times, 0)) }
    }

    /// Answers every request with `fault` until ``reset()``; queued faults come first.
    public func failAlways(_ fault: StandInFault) {
        state.withLock { $0.standingFault = fault }
    }

    /// Forgets every fault, queued or standing, and answers normally again; requests are kept.
    public func recover() {
        state.withLock { state in
            state.faults = []
            state.standingFault = nil
        }
    }

    /// Forgets the requests received and every fault; receipt numbers keep counting.
    public func reset() {
        state.withLock { $0 = State(receipts: $0.receipts) }
    }

    /// Records `request` and returns the fault to answer it with, if any.
    func receive(_ request: ReceivedRequest) -> StandInFault? {
        state.withLock { state in
            state.requests.append(request)
            return state.faults.isEmpty ? state.standingFault : state.faults.removeFirst()
        }
    }

    /// The next receipt number: `prefix` followed by a six-digit sequence starting at 000001.
    func nextReceipt(_ prefix: String) -> String {
        let number = state.withLock { state in
            state.receipts += 1
            return state.receipts
        }
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(6 - digits.count, 0)) + digits
    }
}
