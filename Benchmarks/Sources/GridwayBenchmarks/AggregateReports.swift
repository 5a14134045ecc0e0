import GridwayCore
import GridwayJSON
import OrderedCollections

/// Random but valid `elderly-visit@1` reports for the aggregates benchmark, reproducible from a seed.
struct AggregateReports {
    private var random: AggregateRandom

    private static let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马", "朱", "胡", "郭"]
    private static let givenNames = ["桂兰", "德顺", "秀英", "玉珍", "淑芬", "志强", "建国", "凤芝", "国华", "丽华", "长生", "素琴"]
    private static let streets = ["太原北街", "南京北街", "中华路", "北五马路", "十一纬路", "青年大街", "三好街", "文化路"]
    private static let needs = [
        "meal", "medical", "housekeeping", "companionship", "financial", "home-safety", "legal", "other",
    ]
    private static let roles = ["grid-worker", "community-worker", "volunteer", "family-doctor"]
    /// Visit types and health statuses with weights roughly as a community sees them.
    private static let visitTypes = weighted([("home", 5), ("phone", 3), ("video", 1), ("accompanied", 1)])
    private static let healthStatuses = weighted([("good", 5), ("fair", 3), ("poor", 2), ("critical", 1)])

    init(seed: UInt64) {
        random = AggregateRandom(seed: seed)
    }

    /// A number in `range`.
    mutating func number(in range: Range<Int>) -> Int {
        Int.random(in: range, using: &random)
    }

    /// `true` with probability `share`.
    mutating func chance(_ share: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < share
    }

    /// A valid report about an elder living in `district` (a 6-digit code) for `period` (`yyyy-MM`).
    mutating func report(district: String, districtName: String, period: String) -> JSONValue {
        let name = pick(Self.surnames) + pick(Self.givenNames)
        let birth = "19\(number(in: 30..<56))" + Self.twoDigits(number(in: 1..<13)) + Self.twoDigits(number(in: 1..<29))
        var report: [(String, JSONValue)] = [
            ("elderName", .string(name)),
            ("elderIdNumber", .string(Self.idNumber(district + birth + String(number(in: 100..<1000))))),
            (
                "address",
                .string(
                    "沈阳市\(districtName)\(pick(Self.streets)) \(number(in: 1..<300)) 号 \(number(in: 1..<7)) 单元 \(number(in: 1..<7))0\(number(in: 1..<5)) 室"
                )
            ),
            ("visitDate", .string("\(period)-\(Self.twoDigits(number(in: 1..<29)))")),
            ("visitType", .string(pick(Self.visitTypes))),
            ("durationMinutes", .integer(Int64(chance(0.02) ? number(in: 121..<601) : number(in: 5..<121)))),
            ("healthStatus", .string(pick(Self.healthStatuses))),
        ]
        if chance(0.7) {
            report.insert(
                ("elderPhone", .string("13\(number(in: 0..<10))\(number(in: 10_000_000..<100_000_000))")), at: 2)
        }
        var needs: [JSONValue] = []
        for need in Self.needs where chance(0.15) { needs.append(.string(need)) }
        report.append(("needs", .array(needs)))
        report.append(
            (
                "visitor",
                ["name": .string(pick(Self.surnames) + pick(Self.givenNames)), "role": .string(pick(Self.roles))]
            ))
        return .object(.init(uniqueKeysWithValues: report))
    }

    private mutating func pick(_ choices: [String]) -> String {
        choices[number(in: 0..<choices.count)]
    }

    private static func weighted(_ choices: [(String, Int)]) -> [String] {
        choices.flatMap { Array(repeating: $0.0, count: $0.1) }
    }

    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : String(number)
    }

    /// The 17 digits followed by their ISO 7064 MOD 11-2 check character, as on a real 身份证.
    private static func idNumber(_ digits: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits.utf8, weights).reduce(0) { $0 + Int($1.0 - UInt8(ascii: "0")) * $1.1 }
        return digits + String(Array("10X98765432")[sum % 11])
    }
}
