import GridwayAdapters
import GridwayCore
import GridwayJSON
import OrderedCollections

/// A safety-inspection@1 submission in the street safety system's own fields (pinyin
/// abbreviations, numeric codes, `yyyyMMdd` dates), as the JSON body of a submit or revise call.
struct StreetSafetyReport: Sendable {
    /// The body.
    let body: JSONValue

    /// 场所类型: contract `placeType` → the system's place codes.
    static let placeTypes: [String: String] = [
        "restaurant": "01", "shop": "02", "hotel": "03", "entertainment": "04", "internet-cafe": "05", "salon": "06",
        "workshop": "07", "warehouse": "08", "school": "09", "clinic": "10",
    ]

    /// 隐患类型: contract `hazards[].kind` → the system's hazard codes.
    static let hazardKinds: [String: String] = [
        "blocked-exit": "TD", "extinguisher": "MH", "wiring": "DL", "gas": "RQ", "e-bike-charging": "DD",
        "storage": "CF",
        "other": "QT",
    ]

    /// Maps one delivery.
    /// - Throws: ``AdapterError/mapping(location:reason:)`` at the JSON Pointer of a value the system cannot take.
    init(_ input: DeliveryInput) throws(AdapterError) {
        let data = input.data
        var body: OrderedDictionary<String, JSONValue> = [
            "jcbh": .string(input.submissionID),
            "qhdm": .string(input.unit),
            "csmc": .string(try Self.text(data, "placeName")),
            "cslx": .string(try Self.code(data, "placeType", in: Self.placeTypes)),
            "csdz": .string(try Self.text(data, "placeAddress")),
        ]
        if let name = data["operatorName"]?.stringValue { body["jyz"] = .string(name) }
        if let phone = data["operatorPhone"]?.stringValue { body["jyzdh"] = .string(phone) }
        body["jcrq"] = .string(try Self.compactDate(Self.text(data, "inspectedOn"), at: "/inspectedOn"))
        body["jcr"] = .string(try Self.text(data, "inspector"))
        guard let passed = data["passed"]?.boolValue else {
            throw .mapping(location: "/passed", reason: "expected true or false")
        }
        body["sfhg"] = .string(passed ? "1" : "0")
        let hazards = data["hazards"]?.arrayValue ?? []
        var rows: [JSONValue] = []
        rows.reserveCapacity(hazards.count)
        for (index, hazard) in hazards.enumerated() {
            rows.append(try Self.hazard(hazard, at: "/hazards/\(index)"))
        }
        body["yhsl"] = .integer(data["hazardCount"]?.int64Value ?? Int64(hazards.count))
        body["yhmx"] = .array(rows)
        if let ticket = input.correction?.originalReceipt { body["yjbh"] = .string(ticket) }
        self.body = .object(body)
    }

    /// 隐患明细: one hazard row.
    private static func hazard(_ hazard: JSONValue, at pointer: String) throws(AdapterError) -> JSONValue {
        var row: OrderedDictionary<String, JSONValue> = [
            "yhlx": .string(try code(hazard, "kind", in: hazardKinds, at: pointer)),
            "yhms": .string(try text(hazard, "description", at: pointer)),
            "sfzg": .string(hazard["rectified"]?.boolValue == true ? "1" : "0"),
        ]
        if let deadline = hazard["deadline"]?.stringValue {
            row["zgqx"] = .string(try compactDate(deadline, at: pointer + "/deadline"))
        }
        return .object(row)
    }

    /// A required text member.
    private static func text(_ object: JSONValue, _ name: String, at pointer: String = "") throws(AdapterError)
        -> String
    {
        guard let text = object[name]?.stringValue else {
            throw .mapping(location: pointer + "/" + name, reason: "expected text")
        }
        return text
    }

    /// A required member looked up in a code table.
    private static func code(_ object: JSONValue, _ name: String, in table: [String: String], at pointer: String = "")
        throws(AdapterError) -> String
    {
        let value = try text(object, name, at: pointer)
        guard let code = table[value] else {
            throw .mapping(
                location: pointer + "/" + name, reason: "\"\(value)\" has no code in the street safety system")
        }
        return code
    }

    /// `2026-10-14` → `20261014`.
    private static func compactDate(_ date: String, at pointer: String) throws(AdapterError) -> String {
        let characters = Array(date)
        guard characters.count == 10, characters[4] == "-", characters[7] == "-",
            characters.enumerated().allSatisfy({
                $0.offset == 4 || $0.offset == 7 || $0.element.isASCII && $0.element.isNumber
            })
        else { throw .mapping(location: pointer, reason: "expected a date written yyyy-MM-dd, not \"\(date)\"") }
        return String(characters.filter { $0 != "-" })
    }
}
