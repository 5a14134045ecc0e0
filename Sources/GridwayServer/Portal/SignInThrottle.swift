import Synchronization

/// Holds back portal sign-ins after failures, per client address and per (username, client address).
///
/// - An address with ``Policy/addressAllowance`` refused sign-ins (any username, passwords
///   and keys alike) must wait before its next attempt, twice as long after each further refusal; the
///   portal answers it 429 without checking anything.
/// - A username tried from one address with ``Policy/accountAllowance`` wrong passwords is
///   held back for that address only, with the same doubling; the portal answers it exactly like a wrong
///   password (after checking the password all the same), so a held-back name cannot be told from an
///   unknown one, and nobody elsewhere can lock a user out.
/// - Refusals are audited at most once per ``Policy/auditInterval`` per address, each entry carrying
///   how many refusals it stands for (``RefusalTally``).
///
/// State is in memory, per server process. Behind a reverse proxy every client has the proxy's address.
public final class SignInThrottle: Sendable {
    /// The limits.
    public struct Policy: Sendable {
        /// Refused sign-ins after which an address must wait.
        public var addressAllowance = 20
        /// The first wait of an address.
        public var addressFirstWait: Duration = .seconds(1)
        /// Wrong passwords for one username from one address after which that pair is held back.
        public var accountAllowance = 5
        /// The first hold of a (username, address) pair.
        public var accountFirstWait: Duration = .seconds(60)
        /// The longest wait of either kind, and how long failures are remembered.
        public var maxWait: Duration = .seconds(15 * 60)
        /// The shortest time between two audit entries about refusals from one address.
        public var auditInterval: Duration = .seconds(60)

        /// The standard limits.
        public init() {}
    }

    private struct State: Sendable {
        var addresses: FailureBackoff<String>
        var accounts: FailureBackoff<Account>
        var tally: RefusalTally
    }

    private struct Account: Hashable, Sendable {
        var username: String
        var address: String
    }

    private let now: @Sendable () -> ContinuousClock.Instant
    private let state: Mutex<State>

    /// A throttle with `policy`, reading the time from `now` (tests pass their own clock).
    public init(policy: Policy = Policy(), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.now = now
        state = Mutex(
            State(
                addresses: FailureBackoff(
                    allowance: policy.addressAllowance, firstWait: policy.addressFirstWait, maxWait: policy.maxWait),
                accounts: FailureBackoff(
                    allowance: policy.accountAllowance, firstWait: policy.accountFirstWait, maxWait: policy.maxWait),
                tally: RefusalTally(interval: policy.auditInterval)))
    }

    /// How long `address` must still wait before its next sign-in attempt, or `nil` when it may try now.
    public func wait(address: String) -> Duration? {
        let now = self.now()
        return state.withLock { $0.addresses.wait(for: address, at: now) }
    }

    /// Whether password sign-ins as `username` from `address` are held back.
    public func isHeldBack(username: String, address: String) -> Bool {
        let now = self.now()
        return state.withLock { $0.accounts.wait(for: Account(username: username, address: address), at: now) != nil }
    }

    /// Counts a failed sign-in from `address` (as `username`, for a password sign-in).
    public func failed(username: String?, address: String) {
        let now = self.now()
        state.withLock { state in
            state.addresses.fail(address, at: now)
            if let username { state.accounts.fail(Account(username: username, address: address), at: now) }
        }
    }

    /// Forgets the wrong passwords for `username` from `address`, after it signed in.
    public func succeeded(username: String, address: String) {
        state.withLock { $0.accounts.clear(Account(username: username, address: address)) }
    }

    /// Counts a refused sign-in from `address` for the audit log: how many refusals the entry to write
    /// now stands for, or `nil` when this one is only counted.
    public func refusalsToAudit(address: String) -> Int? {
        let now = self.now()
        return state.withLock { $0.tally.count(address, at: now) }
    }
}
