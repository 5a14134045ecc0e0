import GridwayCore
import GridwayJSON

/// What a template may refer to: the roots of its input document, the manifest's settings and code tables.
struct TemplateScope: Sendable {
    /// Which document the template reads, for messages: `the deliver input`, `a fetched record`, …
    var documentName: String
    /// The top-level members of that document, e.g. `submission`, `data`, `correction`; empty when any goes.
    var roots: [String]
    /// The declared settings.
    var settings: Set<String>
    /// The code tables by name.
    var tables: [String: [String: JSONValue]]

    /// The scope inside `$each`, where `$.item` and `$.index` are added.
    var insideEach: TemplateScope {
        var scope = self
        scope.roots += ["item", "index"]
        return scope
    }
}
