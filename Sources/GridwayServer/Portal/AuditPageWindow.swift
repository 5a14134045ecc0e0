/// Which entries one page of `/portal/admin/audit` shows: at most `size`, newest first, ending at `upTo`.
///
/// `upTo` comes from the request, so it is checked before any arithmetic: anything but a whole number
/// from 1 to 2⁶³−1 is a 400, never an overflow.
struct AuditPageWindow: Equatable {
    /// The oldest sequence shown.
    let from: Int64
    /// The newest sequence shown; below `from` when there is nothing to show.
    let upTo: Int64

    /// How many entries the page shows.
    var count: Int { upTo < from ? 0 : Int(upTo - from + 1) }

    /// The page ending at the `upTo` query parameter (the chain's `head` when absent or beyond it).
    init(upTo parameter: String?, head: Int64, size: Int64 = 100) throws(Problem) {
        var upTo = head
        if let parameter {
            guard let parsed = Int64(parameter), parsed >= 1 else {
                throw Problem.invalidQuery("upTo", "expected a whole number from 1 to \(Int64.max)")
            }
            upTo = min(parsed, head)
        }
        self.upTo = upTo
        from = upTo < 1 ? 1 : max(1, upTo - size + 1)
    }
}
