/// How a fetch adapter's records carry their org unit, so Gridway can drop those outside the caller's scope.
public enum RecordUnit: Sendable, Hashable {
    /// The mapped field (a key of the fetch `map:`) holding each record's org-unit code.
    case field(String)
    /// The records belong to no org unit (a city-wide register, say): none is dropped for scope.
    case unitless
}
