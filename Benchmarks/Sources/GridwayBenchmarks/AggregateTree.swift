import GridwayCore
import GridwayJSON

/// The generated org-unit tree of the aggregates benchmark: 辽宁省 › 沈阳市 › districts › streets ›
/// communities › grids, with hierarchical codes like the real ones in `contracts/units.json`.
///
/// Fan-outs are fixed (20 grids per community, 25 communities per street, 20 streets per district,
/// so 10 000 grids per district); the number of grids decides how many of each there are, the last
/// parent of each level taking what is left.
struct AggregateTree {
    /// Grids per community.
    static let gridsPerCommunity = 20
    /// Communities per street.
    static let communitiesPerStreet = 25
    /// Streets per district.
    static let streetsPerDistrict = 20

    /// The districts of 沈阳市 with their statistical codes, used first; more are numbered after them.
    private static let districts: [(code: String, name: String)] = [
        ("210102", "和平区"), ("210103", "沈河区"), ("210104", "大东区"), ("210105", "皇姑区"),
        ("210106", "铁西区"), ("210111", "苏家屯区"), ("210112", "浑南区"), ("210113", "沈北新区"),
        ("210114", "于洪区"), ("210115", "辽中区"),
    ]

    /// Every unit, root first, each parent before its children.
    let units: [OrgUnit]

    /// Generates the tree for `grids` grids (1 to 890 000).
    init(grids: Int) throws {
        let communities = Self.parents(of: grids, fanOut: Self.gridsPerCommunity)
        let streets = Self.parents(of: communities, fanOut: Self.communitiesPerStreet)
        let districts = Self.parents(of: streets, fanOut: Self.streetsPerDistrict)
        guard grids > 0, districts <= Self.districts.count + 79 else {
            throw BenchmarkError("--grids must be between 1 and 890000, not \(grids)")
        }
        var units = [
            OrgUnit(code: "21", name: "辽宁省", level: .province), OrgUnit(code: "2101", name: "沈阳市", level: .city),
        ]
        units.reserveCapacity(2 + districts + streets + communities + grids)
        var (streetsLeft, communitiesLeft, gridsLeft) = (streets, communities, grids)
        for index in 0..<districts {
            let district =
                index < Self.districts.count
                ? Self.districts[index] : (code: "2101\(21 + index - Self.districts.count)", name: "第\(index + 1)区")
            units.append(OrgUnit(code: district.code, name: district.name, level: .district))
            for street in 1...min(streetsLeft, Self.streetsPerDistrict) {
                let streetCode = district.code + Self.digits(street)
                units.append(OrgUnit(code: streetCode, name: "\(district.name)第\(street)街道", level: .street))
                for community in 1...min(communitiesLeft, Self.communitiesPerStreet) {
                    let communityCode = streetCode + Self.digits(community)
                    let communityName = "\(district.name)\(street)街第\(community)社区"
                    units.append(OrgUnit(code: communityCode, name: communityName, level: .community))
                    for grid in 1...min(gridsLeft, Self.gridsPerCommunity) {
                        units.append(
                            OrgUnit(
                                code: communityCode + Self.digits(grid), name: "\(communityName)第\(grid)网格",
                                level: .grid))
                    }
                    gridsLeft -= min(gridsLeft, Self.gridsPerCommunity)
                }
                communitiesLeft -= min(communitiesLeft, Self.communitiesPerStreet)
            }
            streetsLeft -= min(streetsLeft, Self.streetsPerDistrict)
        }
        self.units = units
    }

    /// The `units.json` document of the tree.
    var document: JSONValue {
        [
            "units": .array(
                units.map { unit in
                    ["code": .string(unit.code), "name": .string(unit.name), "level": .string(unit.level.rawValue)]
                })
        ]
    }

    /// The codes of the units of `level`, in tree order.
    func codes(at level: OrgUnitLevel) -> [String] {
        units.filter { $0.level == level }.map(\.code)
    }

    private static func parents(of count: Int, fanOut: Int) -> Int {
        (count + fanOut - 1) / fanOut
    }

    /// `7` → `"007"`.
    private static func digits(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 3 - text.count)) + text
    }
}
