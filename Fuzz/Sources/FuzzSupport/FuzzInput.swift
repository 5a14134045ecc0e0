/// The bytes libFuzzer hands a target, with a few leading bytes optionally spent on choosing options.
public struct FuzzInput {
    /// The bytes not yet taken.
    public private(set) var rest: ArraySlice<UInt8>

    /// Copies the `size` bytes at `data`.
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        rest = data.map { ArraySlice(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    /// Takes the first byte, or 0 when none is left.
    public mutating func byte() -> UInt8 {
        rest.popFirst() ?? 0
    }

    /// The bytes not yet taken, as an array.
    public var bytes: [UInt8] { Array(rest) }
}
