import Foundation
import GridwayJSON
import OrderedCollections
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct DeclarativePaginationTests {
    /// 5 legacy records of the grid app, with pinyin-abbreviated fields and code-table values.
    static let rows: [JSONValue] = (1...5).map { index in
        [
            "xm": .string("老人\(index)"), "sfzh": .string("21010219380512002\(index)"), "lxdh": "13812345678",
            "jkzk": index % 2 == 0 ? "2" : "1",
            "zfrq": .string("2026110\(index)"),
        ]
    }

    private static func manifest(pagination: String, method: String = "GET") -> String {
        """
        id: grid-app
        title: 网格通
        kind: declarative
        capabilities: [fetch]
        contracts: [elderly-visit@1]
        tables:
          health: {"1": good, "2": fair, "3": poor}
        fetch:
          request:
            method: \(method)
            url: http://127.0.0.1:9003/api/lnr
            query: {dwdm: $.query.unit, sfzh: $.query.elderIdNumber | optional}
          pagination: \(pagination)
          records: $.data.rows
          map:
            elderName: $.record.xm
            elderIdNumber: $.record.sfzh
            elderPhone: $.record.lxdh | mask(3, 4)
            healthStatus: $.record.jkzk | lookup(health)
            visitDate: $.record.zfrq | date(yyyyMMdd, yyyy-MM-dd)
        """
    }

    private static let query = FetchQuery(contract: try! ContractRef(parsing: "elderly-visit@1"), unit: "210102001001")

    /// Pages of `size` rows from `rows`, by `page` (from 1) or `offset`; `next` is the following offset as a cursor.
    private static func upstream(size: Int = 2, total: Bool = false) -> HandlerTransport {
        HandlerTransport { request in
            let items = request.queryItems
            let start =
                items["offset"].flatMap(Int.init) ?? items["cursor"].flatMap(Int.init)
                ?? ((items["page"].flatMap(Int.init) ?? 1) - 1) * size
            let page = Array(rows.dropFirst(start).prefix(size))
            var data: [String: JSONValue] = ["rows": .array(page)]
            if start + size < rows.count { data["next"] = .string(String(start + size)) }
            if total { data["total"] = .integer(Int64(rows.count)) }
            return .json(
                200, ["code": 0, "data": .object(.init(uniqueKeysWithValues: data.sorted { $0.key < $1.key }))])
        }
    }

    @Test func pageNumbersUntilAnEmptyPage() async throws {
        let upstream = Self.upstream()
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(pagination: "{type: page, param: page, sizeParam: rows, size: 2}"))
        let records = try await adapter.fetch(Self.query, through: upstream)
        #expect(records.count == 5)
        #expect(upstream.requests.map { $0.queryItems["page"] } == ["1", "2", "3", "4"])
        #expect(upstream.requests.first?.url == "http://127.0.0.1:9003/api/lnr?dwdm=210102001001&page=1&rows=2")
        #expect(
            records.first == [
                "elderName": "老人1", "elderIdNumber": "210102193805120021", "elderPhone": "138****5678",
                "healthStatus": "good",
                "visitDate": "2026-11-01",
            ])
        #expect(records[1]["healthStatus"] == "fair")
    }

    @Test func offsetsUntilAShortPage() async throws {
        let upstream = Self.upstream()
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(pagination: "{type: offset, param: offset, sizeParam: limit, size: 2, stop: short}"))
        let records = try await adapter.fetch(Self.query, through: upstream)
        #expect(records.map { $0["elderName"] } == ["老人1", "老人2", "老人3", "老人4", "老人5"])
        #expect(
            upstream.requests.map { $0.queryItems["offset"] } == ["0", "2", "4"],
            "the third page is short, so no fourth request")
    }

    @Test func aCursorUntilThereIsNone() async throws {
        let upstream = Self.upstream()
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(pagination: "{type: cursor, param: cursor, cursor: $.data.next, sizeParam: size, size: 2}"))
        #expect(try await adapter.fetch(Self.query, through: upstream).count == 5)
        #expect(upstream.requests.map { $0.queryItems["cursor"] } == [nil, "2", "4"])
    }

    @Test func untilTheTotalIsReached() async throws {
        let upstream = Self.upstream(total: true)
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(
                pagination: "{type: page, param: page, sizeParam: rows, size: 2, stop: total, total: $.data.total}"))
        #expect(try await adapter.fetch(Self.query, through: upstream).count == 5)
        #expect(upstream.requests.count == 3)
    }

    @Test func theMaxPagesCapStopsARunawayUpstream() async throws {
        let endless = HandlerTransport { _ in .json(200, ["data": ["rows": [Self.rows[0]]]]) }
        let adapter = try DeclarativeTesting.adapter(Self.manifest(pagination: "{type: page, param: p, maxPages: 4}"))
        #expect(try await adapter.fetch(Self.query, through: endless).count == 4)
        #expect(endless.requests.count == 4)
    }

    @Test func paginationParametersCanGoInAJSONBody() async throws {
        let upstream = HandlerTransport { request in
            let page = (try? JSONValue(parsing: request.body))?["pageNo"]?.intValue ?? 0
            return .json(200, ["data": ["rows": page == 1 ? [Self.rows[0]] : []]])
        }
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(
                pagination: "{type: page, param: pageNo, sizeParam: pageSize, size: 10, in: body}", method: "POST"))
        #expect(try await adapter.fetch(Self.query, through: upstream).count == 1)
        #expect(
            upstream.requests.map { String(decoding: $0.body, as: UTF8.self) } == [
                #"{"pageNo":1,"pageSize":10}"#, #"{"pageNo":2,"pageSize":10}"#,
            ])
    }

    @Test func queryParametersComeFromTheQuery() async throws {
        let upstream = Self.upstream()
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(pagination: "{type: page, param: page, size: 5, stop: short}"))
        var query = Self.query
        query.parameters = ["elderIdNumber": "210102193805120021"]
        _ = try await adapter.fetch(query, through: upstream)
        #expect(
            upstream.requests.first?.url
                == "http://127.0.0.1:9003/api/lnr?dwdm=210102001001&sfzh=210102193805120021&page=1&pageSize=5")
    }

    @Test func aFailingPageIsAnError() async throws {
        let failing = HandlerTransport { request in
            request.queryItems["page"] == "2"
                ? InboundResponse(status: 502) : .json(200, ["data": ["rows": [Self.rows[0]]]])
        }
        let adapter = try DeclarativeTesting.adapter(Self.manifest(pagination: "{type: page, param: page}"))
        await #expect(throws: AdapterError.unreadableResponse("page 2 answered HTTP 502")) {
            try await adapter.fetch(Self.query, through: failing)
        }
    }

    @Test func aRecordThatCannotBeMappedIsNamed() async throws {
        let bad = HandlerTransport { _ in
            .json(
                200,
                [
                    "data": [
                        "rows": [
                            Self.rows[0], ["xm": "无名", "sfzh": "x", "lxdh": "1", "jkzk": "9", "zfrq": "20261101"],
                        ]
                    ]
                ])
        }
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(pagination: "{type: page, param: page, maxPages: 1}"))
        let error = await #expect(throws: AdapterError.self) { try await adapter.fetch(Self.query, through: bad) }
        guard case .mapping(let location, _)? = error else {
            Issue.record("expected a mapping error")
            return
        }
        #expect(location == "records[1].map.healthStatus")
    }

    @Test func pagingMistakesAreReported() {
        let messages = [
            "{type: cursor, param: c}": "cursor pagination needs cursor:",
            "{type: offset, param: o}": "offset pagination needs size:",
            "{type: page, param: p, stop: total}": "stop: total needs total:",
            "{type: page, param: p, stop: cursor}": "stop: cursor only applies to type: cursor",
            "{type: pages, param: p}":
                "pagination type must be one of page, offset, cursor, not \"pages\" (did you mean \"page\"?)",
        ]
        for (pagination, message) in messages {
            let diagnostics = DeclarativeTesting.diagnostics(Self.manifest(pagination: pagination))
            #expect(diagnostics.contains { $0.message.hasPrefix(message) }, "\(pagination): \(diagnostics)")
        }
    }
}
