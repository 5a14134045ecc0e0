import GridwayAdapters
import GridwaySwiftAdapters

/// The Swift adapters compiled into this build, listed explicitly (no global registry). The loader
/// makes each one when it finds the `adapters/<id>/` folder of the same id; `gridway serve` and
/// `gridway adapter test` both use this list.
enum CompiledAdapters {
    /// Every compiled-in adapter type; add a new Swift adapter here and its folder to Package.swift.
    static let all: [any CompiledAdapter.Type] = [StreetSafetyLegacyAdapter.self]
}
