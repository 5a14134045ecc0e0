/// The recognised entries of a manifest mapping, by key.
struct Fields {
    /// The mapping itself, for positions.
    let node: YAMLNode
    /// Entries by key.
    var entries: [String: (key: YAMLNode, value: YAMLNode)] = [:]

    /// The value node of `key`, if present.
    subscript(key: String) -> YAMLNode? { entries[key]?.value }
}
