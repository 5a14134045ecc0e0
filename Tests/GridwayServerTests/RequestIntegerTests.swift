import Foundation
import GridwayCore
import GridwayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Integers a request carries never trap: out of range or malformed, they are a 400.
@Suite(.timeLimit(.minutes(3))) struct RequestIntegerTests {
    static let extremes = [
        "-9223372036854775807", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "0", "-1",
        "99999999999999999999999", "1e3", "+5", " 5", "0x10", "",
    ]

    @Test func theAuditPageTakesAnyUpToWithoutTrapping() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(key: gateway.keys["admin"] ?? "")
            for upTo in Self.extremes {
                let page = try await browser.get(
                    "/portal/admin/audit?upTo=\(upTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? upTo)"
                )
                let valid = Int64(upTo).map { $0 >= 1 } ?? false
                #expect(page.status == (valid ? .ok : .badRequest), "upTo=\(upTo)")
                if !valid {
                    #expect(page.body.contains("upTo"), "the page names the parameter")
                    #expect(page.body.contains("链接中的参数"), "in the operator's language")
                }
            }
            let newest = try await browser.get("/portal/admin/audit?upTo=9223372036854775807")
            #expect(newest.body.contains("portal.signed-in"), "beyond the head is the newest page")
        }
    }

    @Test func listLimitsOutOfRangeAreProblems() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            for (path, key) in [("/v1/inbox", "community"), ("/v1/submissions", "community")] {
                for limit in Self.extremes where Int(limit).map({ !(1...200).contains($0) }) ?? true {
                    let uri =
                        "\(path)?limit=\(limit.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? limit)"
                    try await client.execute(uri: uri, method: .get, headers: gateway.headers(key)) { response in
                        #expect(response.status == .badRequest, "\(uri)")
                        #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                    }
                }
            }
        }
    }
}
