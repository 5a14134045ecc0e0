import Foundation
import GridwayCore
import GridwayJSON
import Testing

@Suite struct ResultRequestTests {
    private static func tree() throws -> OrgUnitTree {
        let units: [OrgUnit] = [
            .init(code: "210102", name: "和平区", level: .district),
            .init(code: "210102001", name: "太原街街道", level: .street),
            .init(code: "210102001001", name: "北京街社区", level: .community),
            .init(code: "210102001001001", name: "北京街社区第一网格", level: .grid),
            .init(code: "210102001002", name: "中华路社区", level: .community),
            .init(code: "210102002", name: "南市场街道", level: .street),
        ]
        return try OrgUnitTree(units: units)
    }

    @Test func readsAFullRequest() throws {
        let request = try ResultRequest(
            json: [
                "kind": "feedback", "title": "关于十一月走访的反馈", "body": "走访记录已核实，感谢。",
                "data": ["checked": 12], "answers": ["0190ffff-0000-7000-8000-000000000001"],
                "audience": ["unit": "210102001", "scope": "subtree"], "expiresAt": "2026-12-31T16:00:00Z",
            ])
        #expect(request.kind == .feedback)
        #expect(request.audience == .unit("210102001", scope: .subtree))
        #expect(request.answers == ["0190ffff-0000-7000-8000-000000000001"])
        #expect(request.data == ["checked": 12])
        #expect(request.expiresAt == Date(timeIntervalSince1970: 1_798_732_800))
        #expect(request.digest.hasPrefix("sha256:"))
    }

    @Test(
        arguments: [
            (["title": "t", "body": "b", "audience": ["units": ["210102001"]]] as JSONValue, "/kind"),
            (["kind": "memo", "title": "t", "body": "b", "audience": ["units": ["210102001"]]], "/kind"),
            (["kind": "notice", "title": "  ", "body": "b", "audience": ["units": ["210102001"]]], "/title"),
            (["kind": "notice", "title": "t", "body": 3, "audience": ["units": ["210102001"]]], "/body"),
            (["kind": "notice", "title": "t", "body": "b"], "/audience"),
            (["kind": "notice", "title": "t", "body": "b", "audience": ["units": []]], "/audience/units"),
            (["kind": "notice", "title": "t", "body": "b", "audience": ["units": ["1", 2]]], "/audience/units/1"),
            (["kind": "notice", "title": "t", "body": "b", "audience": ["units": ["1", "1"]]], "/audience/units/1"),
            (
                ["kind": "notice", "title": "t", "body": "b", "audience": ["unit": "1", "scope": "all"]],
                "/audience/scope"
            ),
            (
                ["kind": "notice", "title": "t", "body": "b", "audience": ["unit": "1", "units": ["1"]]],
                "/audience/unit"
            ),
            (
                ["kind": "notice", "title": "t", "body": "b", "audience": ["units": ["1"]], "answers": [1]],
                "/answers/0"
            ),
            (
                ["kind": "notice", "title": "t", "body": "b", "audience": ["units": ["1"]], "expiresAt": "soon"],
                "/expiresAt"
            ),
            (["kind": "notice", "title": "t", "body": "b", "audience": ["units": ["1"]], "colour": "red"], "/colour"),
        ] as [(JSONValue, String)])
    func namesTheExactPointer(_ body: JSONValue, _ pointer: String) {
        #expect(throws: ResultRequestError.self) { try ResultRequest(json: body) }
        do {
            _ = try ResultRequest(json: body)
        } catch {
            #expect(error.violations.map(\.location.description).contains(pointer), "\(error.violations)")
        }
    }

    @Test func audienceReachesTheRightUnits() throws {
        let tree = try Self.tree()
        let subtree = ResultAudience.unit("210102001", scope: .subtree)
        #expect(subtree.addressedUnits(in: tree) == ["210102001", "210102001001", "210102001001001", "210102001002"])
        #expect(subtree.addresses("210102001001001", in: tree))
        #expect(!subtree.addresses("210102002", in: tree))
        let alone = ResultAudience.unit("210102001", scope: .unit)
        #expect(alone.addressedUnits(in: tree) == ["210102001"])
        #expect(!alone.addresses("210102001001", in: tree))
        let list = ResultAudience.units(["210102001002", "210102002"])
        #expect(list.addresses("210102002", in: tree))
        #expect(!list.addresses("210102001", in: tree))
        #expect(list.addressedUnits(in: tree).count == 2)
    }

    @Test func digestIgnoresMemberOrderButNotContent() throws {
        let a = try ResultRequest(json: [
            "kind": "notice", "title": "停水通知", "body": "周六停水", "audience": ["units": ["1"]],
        ])
        let b = try ResultRequest(json: [
            "audience": ["units": ["1"]], "body": "周六停水", "title": "停水通知", "kind": "notice",
        ])
        let c = try ResultRequest(json: [
            "kind": "notice", "title": "停水通知", "body": "周日停水", "audience": ["units": ["1"]],
        ])
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
    }
}

@Suite struct ResultTaskTests {
    private let audience: JSONValue = ["units": ["210102001"]]

    @Test func aTaskNamesContractPeriodAndDueTime() throws {
        let request = try ResultRequest(
            json: [
                "kind": "task", "title": "十一月走访填报", "body": "请于12月5日前填报。", "audience": audience,
                "task": ["contract": "elderly-visit@1", "period": "2026-11", "dueAt": "2026-12-05T16:00:00Z"],
            ])
        let task = try #require(request.task)
        #expect(task.contract.description == "elderly-visit@1")
        #expect(task.period == "2026-11")
        #expect(task.dueAt == Date(timeIntervalSince1970: 1_796_486_400))
    }

    @Test(
        arguments: [
            (["kind": "task", "title": "t", "body": "b", "audience": ["units": ["1"]]] as JSONValue, "/task"),
            (
                ["kind": "notice", "title": "t", "body": "b", "audience": ["units": ["1"]], "task": ["period": "x"]],
                "/task"
            ),
            (
                [
                    "kind": "task", "title": "t", "body": "b", "audience": ["units": ["1"]],
                    "task": ["contract": "x", "period": "2026-11", "dueAt": "2026-12-05T16:00:00Z"],
                ],
                "/task/contract"
            ),
            (
                [
                    "kind": "task", "title": "t", "body": "b", "audience": ["units": ["1"]],
                    "task": ["contract": "a@1", "period": "2026-11", "dueAt": "friday"],
                ],
                "/task/dueAt"
            ),
            (
                [
                    "kind": "task", "title": "t", "body": "b", "audience": ["units": ["1"]],
                    "task": ["contract": "a@1", "dueAt": "2026-12-05T16:00:00Z"],
                ], "/task/period"
            ),
        ] as [(JSONValue, String)])
    func faultsAreLocated(_ body: JSONValue, _ pointer: String) {
        do {
            _ = try ResultRequest(json: body)
            Issue.record("expected a violation at \(pointer)")
        } catch {
            #expect(error.violations.map(\.location.description).contains(pointer), "\(error.violations)")
        }
    }
}
