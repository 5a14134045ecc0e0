import Foundation
import GridwayJSON

/// The org-unit hierarchy: an immutable tree of ``OrgUnit``s with constant-time lookups.
///
/// The first unit of the list it is built from is the root (any level); every other unit's
/// parent — the prefix of its code one level up — must be listed too. Children keep the order
/// of the list.
public struct OrgUnitTree: Sendable {
    /// The name of the tree's file in a contracts folder, which is not a contract.
    public static let fileName = "units.json"

    /// Every unit, in the order of the list the tree was built from (the root first).
    public let units: [OrgUnit]
    /// Index into ``units`` by code.
    private let indexByCode: [String: Int]
    /// Index of each unit's parent, `nil` for the root.
    private let parentIndex: [Int?]
    /// Indexes of each unit's children, in list order.
    private let childIndexes: [[Int]]

    /// Builds the tree, validating every code.
    ///
    /// - Throws: ``OrgUnitTreeError`` for the first problem found: an empty list, a code that is
    ///   not digits or not 2/4/6/9/12/15 long, a level that does not match the code's length, an
    ///   empty name, a duplicate code, a missing parent, or a second root.
    public init(units: [OrgUnit]) throws(OrgUnitTreeError) {
        guard let root = units.first else { throw .empty }
        var indexByCode: [String: Int] = [:]
        indexByCode.reserveCapacity(units.count)
        for (index, unit) in units.enumerated() {
            guard unit.code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .nonDigitCode(unit.code)
            }
            guard let expected = OrgUnitLevel(codeLength: unit.code.utf8.count) else {
                throw .invalidCodeLength(unit.code)
            }
            guard unit.level == expected else {
                throw .levelMismatch(code: unit.code, level: unit.level, expected: expected)
            }
            guard !unit.name.allSatisfy(\.isWhitespace) else { throw .emptyName(code: unit.code) }
            guard indexByCode.updateValue(index, forKey: unit.code) == nil else { throw .duplicateCode(unit.code) }
        }
        var parentIndex: [Int?] = [nil]
        var childIndexes = [[Int]](repeating: [], count: units.count)
        for (index, unit) in units.enumerated().dropFirst() {
            guard let parentCode = unit.parentCode else { throw .secondRoot(code: unit.code, root: root.code) }
            guard let parent = indexByCode[parentCode] else {
                throw .missingParent(code: unit.code, parent: parentCode)
            }
            parentIndex.append(parent)
            childIndexes[parent].append(index)
        }
        self.units = units
        self.indexByCode = indexByCode
        self.parentIndex = parentIndex
        self.childIndexes = childIndexes
    }

    /// Builds the tree from the `units.json` document shape:
    /// `{"units": [{"code": "21", "name": "辽宁省", "level": "province"}, …]}`.
    ///
    /// - Throws: ``OrgUnitTreeError/malformedDocument(location:reason:)`` for a wrong shape, or the
    ///   validation errors of ``init(units:)``.
    public init(json document: JSONValue) throws(OrgUnitTreeError) {
        guard let list = document["units"]?.arrayValue else {
            throw .malformedDocument(location: .root, reason: "expected an object with a \"units\" array")
        }
        var units: [OrgUnit] = []
        units.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            let location = JSONPointer(tokens: ["units", String(index)])
            guard element.objectValue != nil else {
                throw .malformedDocument(location: location, reason: "expected an object")
            }
            var fields: [String] = []
            for key in ["code", "name", "level"] {
                guard let value = element[key]?.stringValue else {
                    throw .malformedDocument(location: location.appending(key), reason: "expected a string")
                }
                fields.append(value)
            }
            guard let level = OrgUnitLevel(rawValue: fields[2]) else {
                let levels = OrgUnitLevel.allCases.map(\.rawValue).joined(separator: ", ")
                throw .malformedDocument(location: location.appending("level"), reason: "expected one of \(levels)")
            }
            units.append(OrgUnit(code: fields[0], name: fields[1], level: level))
        }
        try self.init(units: units)
    }

    /// The root unit: the first one listed.
    public var root: OrgUnit {
        units[0]
    }

    /// The unit with `code`, or `nil` if there is none. O(1).
    public func unit(_ code: String) -> OrgUnit? {
        indexByCode[code].map { units[$0] }
    }

    /// Whether a unit has `code`. O(1).
    public func contains(_ code: String) -> Bool {
        indexByCode[code] != nil
    }

    /// The parent of the unit with `code`; `nil` for the root or an unknown code. O(1).
    public func parent(of code: String) -> OrgUnit? {
        guard let index = indexByCode[code], let parent = parentIndex[index] else { return nil }
        return units[parent]
    }

    /// The ancestors of the unit with `code`, **nearest first** (parent, grandparent, … root),
    /// without the unit itself; empty for the root or an unknown code. O(depth).
    public func ancestors(of code: String) -> [OrgUnit] {
        var result: [OrgUnit] = []
        var current = indexByCode[code].flatMap { parentIndex[$0] }
        while let index = current {
            result.append(units[index])
            current = parentIndex[index]
        }
        return result
    }

    /// The direct children of the unit with `code`, in list order; empty for a leaf or an
    /// unknown code.
    public func children(of code: String) -> [OrgUnit] {
        guard let index = indexByCode[code] else { return [] }
        return childIndexes[index].map { units[$0] }
    }

    /// Every unit below the unit with `code`, depth-first in list order (each unit before its
    /// own descendants), without the unit itself; empty for a leaf or an unknown code.
    public func descendants(of code: String) -> [OrgUnit] {
        guard let index = indexByCode[code] else { return [] }
        var result: [OrgUnit] = []
        var stack = childIndexes[index].reversed() as [Int]
        while let next = stack.popLast() {
            result.append(units[next])
            stack.append(contentsOf: childIndexes[next].reversed())
        }
        return result
    }

    /// Whether the unit with `code` is `root` or below it. A unit is in its own subtree; unknown
    /// codes are in no subtree. O(1): codes are hierarchical, so this is a prefix test.
    public func isInSubtree(_ code: String, of root: String) -> Bool {
        contains(code) && contains(root) && code.utf8.starts(with: root.utf8)
    }
}
