import GridwayJSON

extension JSONValue {
    /// The key that labels this enum value in `x-gridway-enum-titles` (JSON object keys are strings):
    /// a string as it is, any other value as its canonical JSON text (`1`, `2.5`, `true`, `null`).
    public var enumTitleKey: String {
        stringValue ?? description
    }
}
