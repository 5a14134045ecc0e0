import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/data/{contract}` against real HTTP stand-ins on 127.0.0.1.
@Suite(.timeLimit(.minutes(3))) struct DataRouteTests {
    private func query(_ gateway: AdapterTestGateway, _ path: String, as key: String = "community") async throws
        -> (HTTPResponse.Status, JSONValue)
    {
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: gateway.headers(key)) {
                ($0.status, try $0.json)
            }
        }
    }

    private func sources(_ body: JSONValue) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: (body["sources"]?.arrayValue ?? []).compactMap { source in
                source["adapter"]?.stringValue.flatMap { id in source["status"]?.stringValue.map { (id, $0) } }
            })
    }

    /// The shipped 社区通 adapter pages through the legacy app, two records a page, in each paging style.
    @Test(arguments: ["page", "offset", "cursor"])
    func pagedFetchThroughThePinyinApp(style: String) async throws {
        try await withStandIn(GrassrootsApp(maximumPageSize: 2, appKey: "test-app-key")) { app in
            let adapter: any Adapter =
                style == "page"
                ? try TestAdapters.communityApp(at: app)
                : try TestAdapters.declarative(Self.pagedManifest(style: style, baseURL: app.baseURL))
            let gateway = try await AdapterTestGateway(adapters: [adapter])
            let (status, body) = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001001")
            #expect(status == .ok)
            let records = try #require(body["records"]?.arrayValue)
            #expect(records.compactMap { $0["data"]?["elderName"]?.stringValue } == ["王桂兰", "赵德顺", "刘淑珍"])
            #expect(records.allSatisfy { $0["source"]?.stringValue == adapter.descriptor.id })
            let first = try #require(records.first?["data"])
            #expect(first["visitDate"] == "2026-11-05")
            #expect(first["visitType"] == "home")
            #expect(first["durationMinutes"] == 40)
            #expect(first["healthStatus"] == "fair")
            #expect(body["sources"]?[0]?["status"] == "ok")
            #expect(body["sources"]?[0]?["records"] == 3)
            // The shipped adapter declares its records' unit (sqdm); the test manifests do not.
            #expect(body["sources"]?[0]?["dropped"] == (style == "page" ? 0 : nil))
            #expect(first["unit"] == nil, "sqdm is read for scope, not passed on")
            let requests = app.control.requests
            #expect(requests.count >= 2, "three records at two a page take more than one request")
            #expect(requests.allSatisfy { $0.header("X-App-Key") == "test-app-key" && $0.path == "/api/zfjl/\(style)" })
            #expect(requests.allSatisfy { $0.query["sqdm"] == "210102001001" })
        }
    }

    /// The same paged dataset read with offset or cursor paging.
    private static func pagedManifest(style: String, baseURL: String) -> String {
        let pagination =
            style == "offset"
            ? "{type: offset, param: offset, size: 2, stop: short}"
            : "{type: cursor, param: cursor, sizeParam: limit, size: 2, cursor: $.nextCursor}"
        return """
            id: paged-\(style)
            title: 社区通（\(style) 分页）
            kind: declarative
            capabilities: [fetch]
            contracts:
              - ref: elderly-visit@1
                grant: [elderName, healthStatus]
            fetch:
              request:
                method: GET
                url: \(baseURL)/api/zfjl/\(style)
                headers: {X-App-Key: test-app-key}
                query: {sqdm: $.query.unit}
              response:
                success: {status: [200], when: '$.code == "0000"'}
              pagination: \(pagination)
              records: \(style == "offset" ? "$.list" : "$.items")
              map:
                elderName: $.record.xm
                visitDate: $.record.zfrq | date(yyyyMMdd, yyyy-MM-dd)
                visitType: $.record.zffs | lookup(zffs)
                durationMinutes: $.record.zfsc | integer
                healthStatus: $.record.jkzk | lookup(jkzk)
            tables:
              zffs: {"1": home, "2": phone, "3": video, "4": accompanied}
              jkzk: {"1": good, "2": fair, "3": poor, "4": critical}
            """
    }

    /// JSON, XML and CSV sources answer one query together, each record tagged with its source.
    @Test func jsonXMLAndCSVSourcesAnswerTogether() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { json in
            try await withStandIn(SOAPDepartment(records: VisitRecords.all)) { xml in
                try await withStandIn(CSVExport(records: VisitRecords.all)) { csv in
                    let gateway = try await AdapterTestGateway(adapters: [
                        try TestAdapters.source(
                            "civil-json", url: json.baseURL + "/api/records", records: "$.data.records"),
                        try TestAdapters.source(
                            "health-xml", url: xml.baseURL + "/records", records: "$.response.records.record",
                            response: "format: xml\n    xml: {arrayElements: [record]}"),
                        try TestAdapters.source(
                            "census-csv", url: csv.baseURL + "/export.csv", records: "$[*]", response: "format: csv"),
                    ])
                    let (status, body) = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001001")
                    #expect(status == .ok)
                    #expect(sources(body) == ["civil-json": "ok", "health-xml": "ok", "census-csv": "ok"])
                    let records = try #require(body["records"]?.arrayValue)
                    #expect(
                        records.compactMap { $0["source"]?.stringValue } == [
                            "census-csv", "census-csv", "civil-json", "civil-json", "health-xml", "health-xml",
                        ])
                    for record in records {
                        #expect(record["data"]?["visitType"] != nil)
                        #expect(record["data"]?["durationMinutes"]?.intValue != nil, "\(record)")
                    }
                    #expect(json.control.requests.map(\.rawQuery) == ["unit=210102001001"])
                    #expect(xml.control.requests.map(\.rawQuery) == ["unit=210102001001"])
                    #expect(csv.control.requests.map(\.rawQuery) == ["unit=210102001001"])
                }
            }
        }
    }

    /// A source that hangs past the timeout and one that answers garbage leave a partial answer with 200.
    @Test func slowAndBrokenSourcesGiveAPartialAnswer() async throws {
        try await withStandIn(CSVExport(records: VisitRecords.all)) { good in
            try await withStandIn(JSONDepartment(records: VisitRecords.all)) { garbage in
                try await withStandIn(SOAPDepartment(records: VisitRecords.all)) { slow in
                    try await withStandIn(JSONDepartment(records: VisitRecords.all)) { down in
                        garbage.control.failAlways(.garbage)
                        slow.control.failAlways(.hang(.seconds(30)))
                        down.control.failAlways(.unavailable(retryAfter: 60))
                        let gateway = try await AdapterTestGateway(
                            adapters: [
                                try TestAdapters.source(
                                    "a-good", url: good.baseURL + "/x.csv", records: "$[*]", response: "format: csv"),
                                try TestAdapters.source(
                                    "b-garbage", url: garbage.baseURL + "/api", records: "$.data.records"),
                                try TestAdapters.source(
                                    "c-slow", url: slow.baseURL + "/records", records: "$.response.records.record",
                                    response: "format: xml"),
                                try TestAdapters.source(
                                    "d-down", url: down.baseURL + "/api", records: "$.data.records"),
                            ], fetchTimeout: .seconds(3))
                        let (status, body) = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001001")
                        #expect(status == .ok)
                        #expect(
                            sources(body) == [
                                "a-good": "ok", "b-garbage": "error", "c-slow": "timeout", "d-down": "error",
                            ])
                        #expect(body["records"]?.arrayValue?.count == 2)
                        let slowSource = try #require(body["sources"]?.arrayValue?.first { $0["adapter"] == "c-slow" })
                        // Cut off at the timeout, not after the 30 s it hangs.
                        #expect((3000..<30000).contains(slowSource["ms"]?.intValue ?? 0))
                        #expect(slowSource["error"]?.stringValue?.contains("no answer within") == true)
                        let garbageSource = try #require(
                            body["sources"]?.arrayValue?.first { $0["adapter"] == "b-garbage" })
                        #expect(garbageSource["error"]?.stringValue?.isEmpty == false)
                    }
                }
            }
        }
    }

    @Test func theQueryIsCheckedAndScoped() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { json in
            let gateway = try await AdapterTestGateway(adapters: [
                try TestAdapters.source("civil-json", url: json.baseURL + "/api", records: "$.data.records")
            ])
            let cases: [(String, String, HTTPResponse.Status, String?)] = [
                ("/v1/data/elderly-visit@1?unit=210102001002", "community", .forbidden, "/problems/out-of-scope"),
                ("/v1/data/elderly-visit@9?unit=210102001001", "community", .notFound, "/problems/not-found"),
                ("/v1/data/elderly-visit@1", "community", .badRequest, "/problems/invalid-query"),
                ("/v1/data/elderly-visit@1?unit=999", "community", .badRequest, "/problems/invalid-query"),
                (
                    "/v1/data/elderly-visit@1?unit=210102001001&shoeSize=42", "community", .badRequest,
                    "/problems/invalid-query"
                ),
                ("/v1/data/elderly-visit@1?unit=210102001001", "nobody", .unauthorized, "/problems/unauthenticated"),
                ("/v1/data/elderly-visit@1?unit=210102001002", "street", .ok, nil),
                // The district's upstream stands for a target that consumes nothing: the contract does not exist for it.
                ("/v1/data/elderly-visit@1?unit=210102001001", "upstream", .notFound, "/problems/not-found"),
            ]
            for (path, key, expected, type) in cases {
                let (status, body) = try await query(gateway, path, as: key)
                #expect(status == expected, "\(path) as \(key)")
                if let type { #expect(body["type"]?.stringValue == type, "\(path)") }
            }
            #expect(json.control.requests.count == 1, "only the one allowed query reached the source")
        }
    }

    /// A source that covers another part of the tree is not asked at all.
    @Test func onlySourcesCoveringTheUnitAreAsked() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { json in
            let gateway = try await AdapterTestGateway(adapters: [
                try TestAdapters.source(
                    "elsewhere", url: json.baseURL + "/api", records: "$.data.records", jurisdiction: "210102002")
            ])
            let (status, body) = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001001")
            #expect(status == .ok)
            #expect(body["sources"] == [])
            #expect(body["records"] == [])
            #expect(json.control.requests.isEmpty)
        }
    }

    /// A source that ignores every filter (it forwards none) and returns everyone.
    private func everyoneSource(_ json: RunningStandIn<JSONDepartment>, scopedByUnit: Bool = true) throws
        -> DeclarativeAdapter
    {
        try TestAdapters.source(
            "civil-json", url: json.baseURL + "/api", grant: ["elderName", "elderIdNumber"],
            records: "$.data.records", query: "{}", scopedByUnit: scopedByUnit)
    }

    private func names(_ body: JSONValue) -> [String] {
        body["records"]?.arrayValue?.compactMap { $0["data"]?["elderName"]?.stringValue } ?? []
    }

    /// Gridway applies filters itself: a source that returns everyone still yields only the person asked
    /// for, and a number filter matches the number the source gave as text.
    @Test func aFilterOnAPersonsIDReturnsOnlyThatPerson() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { json in
            let gateway = try await AdapterTestGateway(adapters: [try everyoneSource(json)])
            let (status, body) = try await query(
                gateway, "/v1/data/elderly-visit@1?unit=210102001&elderIdNumber=21010219450302001X", as: "street")
            #expect(status == .ok)
            #expect(names(body) == ["赵德顺"])
            #expect(body["records"]?[0]?["data"]?["unit"] == nil, "the unit field is read for scope, not passed on")
            let (_, byDuration) = try await query(
                gateway, "/v1/data/elderly-visit@1?unit=210102001&durationMinutes=40&visitType=home", as: "street")
            #expect(names(byDuration) == ["王桂兰"])
            #expect(json.control.requests.map(\.rawQuery) == ["", ""], "the source was given no filter")
        }
    }

    /// Records of a sibling community (and a record with no unit) never reach a community's staff key;
    /// the source's status counts them. The street's key reads all of its communities.
    @Test func recordsOutsideTheAskedUnitAreDroppedAndCounted() async throws {
        let noUnit: JSONValue = ["elderName": "无单位", "elderIdNumber": "210102195001010011"]
        try await withStandIn(JSONDepartment(records: VisitRecords.all + [noUnit])) { json in
            let gateway = try await AdapterTestGateway(adapters: [try everyoneSource(json)])
            let (status, body) = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001001")
            #expect(status == .ok)
            #expect(names(body) == ["王桂兰", "赵德顺"])
            #expect(body["sources"]?[0]?["records"] == 2)
            #expect(body["sources"]?[0]?["dropped"] == 2)
            let (_, street) = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001", as: "street")
            #expect(names(street) == ["王桂兰", "赵德顺", "周国强"])
            #expect(street["sources"]?[0]?["dropped"] == 1)
        }
    }

    /// An adapter that does not say where its records' unit is keeps them all and reports no dropped count.
    @Test func anUndeclaredUnitFieldScopesNothing() async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { json in
            let gateway = try await AdapterTestGateway(adapters: [try everyoneSource(json, scopedByUnit: false)])
            let (_, body) = try await query(gateway, "/v1/data/elderly-visit@1?unit=210102001001")
            #expect(names(body) == ["王桂兰", "赵德顺", "周国强"])
            #expect(body["sources"]?[0]?["dropped"] == nil)
        }
    }

    /// A filter on a field the contract lacks, or on an object field, is a 400 naming it; the source is not asked.
    @Test(arguments: ["shoeSize", "visitor"])
    func aFilterOnAnUnknownOrObjectFieldIsRefused(field: String) async throws {
        try await withStandIn(JSONDepartment(records: VisitRecords.all)) { json in
            let gateway = try await AdapterTestGateway(adapters: [try everyoneSource(json)])
            let (status, body) = try await query(
                gateway, "/v1/data/elderly-visit@1?unit=210102001001&\(field)=42")
            #expect(status == .badRequest)
            #expect(body["type"]?.stringValue == "/problems/invalid-query")
            #expect(body["parameter"]?.stringValue == field)
            #expect(body["detail"]?.stringValue?.contains("\"\(field)\"") == true)
            #expect(json.control.requests.isEmpty)
        }
    }
}
