/// Why a template could not be filled for one input: where in the template, and why.
struct MappingFailure: Error, Sendable {
    /// The template members from the outside in, e.g. `body`, `jtcy`, `[1]`, `xm`.
    var location: [String]
    /// What went wrong, e.g. `"2026/11/05" does not match yyyy-MM-dd`.
    var reason: String

    init(_ reason: String, at location: [String] = []) {
        self.location = location
        self.reason = reason
    }

    /// The same failure one level further out.
    func within(_ component: String) -> MappingFailure {
        MappingFailure(reason, at: [component] + location)
    }

    /// `body.jtcy[1].xm`.
    var path: String {
        location.reduce(into: "") { path, component in
            path += component.hasPrefix("[") || path.isEmpty ? component : "." + component
        }
    }

    /// The failure as the adapter reports it.
    var adapterError: AdapterError {
        .mapping(location: path.isEmpty ? "template" : path, reason: reason)
    }
}
