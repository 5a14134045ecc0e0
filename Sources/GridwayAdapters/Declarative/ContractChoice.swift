import GridwayCore

/// The contracts an adapter lists, for sections that name one with `contract:`.
struct ContractChoice {
    let refs: [ContractRef]

    /// The section's contract: the one named, or the only one listed.
    func choose(_ fields: Fields, for section: String, _ reader: ManifestReader) -> ContractRef? {
        guard let node = fields["contract"] else {
            if refs.count > 1 {
                reader.error(
                    "\(section) must say which contract it handles (contract: …), since the adapter lists several",
                    at: fields.node.position)
            }
            return refs.first
        }
        guard let text = reader.string(node, "\(section) contract") else { return nil }
        guard let ref = try? ContractRef(parsing: text), refs.contains(ref) else {
            reader.error(
                "\(section) contract \"\(text)\" is not among the adapter's contracts (\(refs.map(\.description).joined(separator: ", ")))",
                at: node.position)
            return nil
        }
        return ref
    }
}
