import Foundation
import GRDB
import GridwayCore
import GridwayStore

/// Every measure's figures of one `aggregate` row (a unit's totals, or one dimension value's),
/// ordered by measure name in byte order, and their stored form.
///
/// Stored form (the row's `figures` BLOB): a version byte `2`, then per measure its name's UTF-8
/// length as a varint and the name, a flags byte (bit 0: a minimum follows, bit 1: a maximum
/// follows), `submissions` and `values` as zigzag varints, then `sum`, the minimum and the maximum
/// each as its scale byte and its significand as a zigzag varint of up to 128 bits — exactly what
/// was added, nothing rounded. Version `1` rows held the three as little-endian IEEE 754 doubles;
/// the migration `2026-12-exact-aggregates` converts them.
struct AggregateMeasures: Sendable, Hashable {
    /// One measure's figures.
    struct Entry: Sendable, Hashable {
        var measure: String
        var figures: AggregateFigures
    }

    /// The measures, in byte order of their names, each once.
    private(set) var entries: [Entry]

    /// No measure.
    init() { entries = [] }

    /// The given measures' figures (each name once).
    init(_ figures: [(measure: String, figures: AggregateFigures)]) {
        entries = figures.map { Entry(measure: $0.measure, figures: $0.figures) }
        entries.sort { Self.precedes($0.measure, $1.measure) }
    }

    var isEmpty: Bool { entries.isEmpty }

    /// A measure's figures; setting `nil` removes the measure.
    subscript(measure: String) -> AggregateFigures? {
        get { entries.first { $0.measure == measure }?.figures }
        set {
            let index = entries.firstIndex { !Self.precedes($0.measure, measure) }
            switch (index, newValue) {
            case (let index?, let figures?) where entries[index].measure == measure:
                entries[index].figures = figures
            case (let index?, nil) where entries[index].measure == measure:
                entries.remove(at: index)
            case (_, let figures?):
                entries.insert(Entry(measure: measure, figures: figures), at: index ?? entries.endIndex)
            case (_, nil):
                break
            }
        }
    }

    /// The figures of both, measure by measure (a measure only one of them has is kept as it is).
    func adding(_ other: AggregateMeasures) throws(AggregateOverflowError) -> AggregateMeasures {
        var sum = self
        try sum.add(other)
        return sum
    }

    /// Adds `other`'s figures, measure by measure.
    mutating func add(_ other: AggregateMeasures) throws(AggregateOverflowError) {
        if entries.isEmpty {
            entries = other.entries
            return
        }
        if entries.count == other.entries.count,
            zip(entries, other.entries).allSatisfy({ $0.measure == $1.measure })
        {
            for index in entries.indices {
                entries[index].figures = try entries[index].figures.adding(other.entries[index].figures)
            }
            return
        }
        for entry in other.entries {
            self[entry.measure] = try (self[entry.measure] ?? AggregateFigures()).adding(entry.figures)
        }
    }

    /// Whether `lhs` sorts before `rhs` as SQLite's `BINARY` collation orders them (UTF-8 bytes).
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    // MARK: Stored form

    private static let version: UInt8 = 2
    /// The version whose figures were doubles.
    private static let doublesVersion: UInt8 = 1

    /// The stored form.
    var encoded: Data {
        var bytes: [UInt8] = [Self.version]
        bytes.reserveCapacity(1 + entries.count * 48)
        for entry in entries {
            let name = Array(entry.measure.utf8)
            Self.appendVarint(UInt64(name.count), to: &bytes)
            bytes += name
            let figures = entry.figures
            bytes.append((figures.min == nil ? 0 : 1) | (figures.max == nil ? 0 : 2))
            Self.appendVarint(Self.zigzag(figures.submissions), to: &bytes)
            Self.appendVarint(Self.zigzag(figures.values), to: &bytes)
            Self.appendDecimal(figures.sum, to: &bytes)
            if let min = figures.min { Self.appendDecimal(min, to: &bytes) }
            if let max = figures.max { Self.appendDecimal(max, to: &bytes) }
        }
        return Data(bytes)
    }

    /// Reads the stored form, or throws ``AggregateMeasuresError`` when it is not one.
    ///
    /// With `acceptingDoubles`, a row of the version 1 form is read too (only the migration that
    /// converts them does): each double as the nearest decimal of nine places, leaving out a measure
    /// whose doubles are not finite (for `gridway aggregates rebuild` to restore).
    init(decoding data: Data, acceptingDoubles: Bool = false) throws {
        var reader = Reader(bytes: [UInt8](data))
        let version = try reader.byte()
        guard version == Self.version || (acceptingDoubles && version == Self.doublesVersion) else {
            throw AggregateMeasuresError()
        }
        func decimal() throws -> ExactDecimal? {
            version == Self.version ? try reader.decimal() : ExactDecimal(approximating: try reader.double())
        }
        entries = []
        while !reader.isAtEnd {
            let length = Int(try reader.varint())
            guard let measure = String(validating: try reader.bytes(length), as: UTF8.self) else {
                throw AggregateMeasuresError()
            }
            let flags = try reader.byte()
            let submissions = Self.unzigzag(try reader.varint())
            let values = Self.unzigzag(try reader.varint())
            let sum = try decimal()
            let min = try flags & 1 == 0 ? nil : decimal()
            let max = try flags & 2 == 0 ? nil : decimal()
            guard let sum, (flags & 1 == 0) == (min == nil), (flags & 2 == 0) == (max == nil) else { continue }
            entries.append(
                Entry(
                    measure: measure,
                    figures: AggregateFigures(submissions: submissions, values: values, sum: sum, min: min, max: max)))
        }
    }

    /// `gridway_aggregate_add(stored, added)`: the stored form of both rows' figures together, what
    /// an upsert of a batch's contribution writes (registered on every connection of the store).
    static let addFunction = DatabaseFunction("gridway_aggregate_add", argumentCount: 2, pure: true) { values in
        guard let stored = Data.fromDatabaseValue(values[0]), let added = Data.fromDatabaseValue(values[1]) else {
            throw AggregateMeasuresError()
        }
        return try AggregateMeasures(decoding: stored).adding(AggregateMeasures(decoding: added)).encoded
    }

    private static func zigzag(_ value: Int) -> UInt64 {
        UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
    }

    private static func unzigzag(_ value: UInt64) -> Int {
        Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1))
    }

    private static func appendDecimal(_ value: ExactDecimal, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value.scale))
        appendVarint(UInt128(bitPattern: value.significand << 1 ^ value.significand >> 127), to: &bytes)
    }

    private static func appendVarint<Value: FixedWidthInteger & UnsignedInteger>(
        _ value: Value, to bytes: inout [UInt8]
    ) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Reads the stored form front to back.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw AggregateMeasuresError() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count <= bytes.count - offset else { throw AggregateMeasuresError() }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        mutating func varint() throws -> UInt64 {
            try varint(UInt64.self)
        }

        mutating func varint<Value: FixedWidthInteger & UnsignedInteger>(_: Value.Type) throws -> Value {
            var value: Value = 0
            for shift in stride(from: 0, to: Value.bitWidth, by: 7) {
                let byte = try byte()
                value |= Value(byte & 0x7F) << shift
                if byte < 0x80 { return value }
            }
            throw AggregateMeasuresError()
        }

        /// A scale byte and a zigzag varint significand.
        mutating func decimal() throws -> ExactDecimal {
            let scale = Int(try byte())
            let zigzagged = try varint(UInt128.self)
            let significand = Int128(bitPattern: zigzagged >> 1) ^ -Int128(bitPattern: zigzagged & 1)
            guard let value = ExactDecimal(significand: significand, scale: scale) else {
                throw AggregateMeasuresError()
            }
            return value
        }

        /// A little-endian double of the version 1 form.
        mutating func double() throws -> Double {
            var pattern: UInt64 = 0
            for (index, byte) in try bytes(8).enumerated() { pattern |= UInt64(byte) << UInt64(8 * index) }
            return Double(bitPattern: pattern)
        }
    }
}

/// A stored `aggregate` row whose figures cannot be read.
struct AggregateMeasuresError: Error, CustomStringConvertible {
    var description: String { "an aggregate row's figures are not in the stored form" }
}
