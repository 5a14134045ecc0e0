/// The units at or under one unit of the tree: every unit whose id starts with the root's id (an id
/// extends its parent's). Each engine matches it with a pattern written here, so that a root whose id
/// holds a pattern's wildcard (`*`, `?`, `[` for SQLite's `GLOB`; `%`, `_`, `\` for `LIKE`) still
/// matches only the ids that start with it.
public struct UnitSubtree: Sendable, Hashable {
    /// The subtree's root unit.
    public var root: String

    public init(root: String) {
        self.root = root
    }

    /// Whether `unit` is the root or under it.
    public func contains(_ unit: String) -> Bool {
        unit.utf8.starts(with: root.utf8)
    }

    /// A `GLOB` pattern (SQLite, case-sensitive) matching exactly the units of the subtree: each of the
    /// root's wildcard characters in a bracket of its own, then `*`.
    public var globPattern: String {
        root.map { "*?[".contains($0) ? "[\($0)]" : String($0) }.joined() + "*"
    }

    /// A `LIKE` pattern, with `\` as its escape (PostgreSQL's default), matching exactly the units of the
    /// subtree: the root's `\`, `%` and `_` escaped, then `%`.
    public var likePattern: String {
        root.map { "\\%_".contains($0) ? "\\\($0)" : String($0) }.joined() + "%"
    }
}
