extension Dictionary {
    /// Makes room for a new key in a table kept to `capacity` keys: when full, drops the entries
    /// `isStale` says are forgotten, and if none were, all of them, so a flood of fresh keys costs the
    /// table its history, never unbounded memory.
    mutating func makeRoom(capacity: Int, droppingStale isStale: (Value) -> Bool) {
        guard count >= capacity else { return }
        self = filter { !isStale($0.value) }
        if count >= capacity { removeAll(keepingCapacity: true) }
    }
}
