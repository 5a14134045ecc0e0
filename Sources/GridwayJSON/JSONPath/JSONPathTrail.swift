/// How the evaluator records where each selected node is: as a ``JSONPathLocation`` when the
/// caller wants paths, or not at all (``UntrackedLocation``) when it only wants values.
protocol JSONPathTrail: Sendable {
    /// The trail of the node a query starts from.
    static var root: Self { get }
    /// The trail one step deeper, into the member `name`.
    func appending(name: String) -> Self
    /// The trail one step deeper, into the array element at `index`.
    func appending(index: Int) -> Self
}

extension JSONPathLocation: JSONPathTrail {}

/// A trail that records nothing, so value-only evaluation allocates no paths.
struct UntrackedLocation: JSONPathTrail {
    static var root: UntrackedLocation { UntrackedLocation() }

    @inline(__always)
    func appending(name: String) -> UntrackedLocation { self }

    @inline(__always)
    func appending(index: Int) -> UntrackedLocation { self }
}
