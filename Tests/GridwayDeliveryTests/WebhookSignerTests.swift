import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

@testable import GridwayDelivery

/// One case of the Standard Webhooks vectors in `shared/conformance/standard-webhooks/vectors.json`.
struct WebhookVector: Sendable, CustomTestStringConvertible {
    var name: String
    var secret: String
    var id: String
    var timestamp: Int64
    var body: String
    var signature: String
    var valid: Bool

    var testDescription: String { name }

    static let file: URL? = {
        let environment = ProcessInfo.processInfo.environment["GRIDWAY_SHARED"].map { URL(fileURLWithPath: $0) }
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        let url = (environment ?? beside).appendingPathComponent("conformance/standard-webhooks/vectors.json")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    static let all: [WebhookVector] = {
        guard let file, let data = try? Data(contentsOf: file), let document = try? JSONValue(parsing: Array(data)),
            let cases = document["cases"]?.arrayValue
        else { return [] }
        return cases.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let secret = entry["secret"]?.stringValue,
                let id = entry["id"]?.stringValue, let timestamp = entry["timestamp"]?.int64Value,
                let body = entry["body"]?.stringValue, let signature = entry["signature"]?.stringValue,
                let valid = entry["valid"]?.boolValue
            else { return nil }
            return WebhookVector(
                name: name, secret: secret, id: id, timestamp: timestamp, body: body, signature: signature, valid: valid
            )
        }
    }()
}

@Suite struct WebhookSignerTests {
    @Test(
        "Standard Webhooks vectors",
        .enabled(if: WebhookVector.file != nil, "shared/conformance is not beside the repository"),
        arguments: WebhookVector.all)
    func vector(_ vector: WebhookVector) throws {
        let signer = try WebhookSigner(secrets: [vector.secret])
        let now = Date(timeIntervalSince1970: Double(vector.timestamp))
        let verified = signer.verify(
            id: vector.id, timestamp: vector.timestamp, body: Data(vector.body.utf8), signatureHeader: vector.signature,
            now: now)
        #expect(verified == vector.valid)
        if vector.valid && !vector.signature.contains(" ") {
            #expect(
                signer.signature(id: vector.id, timestamp: vector.timestamp, body: Data(vector.body.utf8))
                    == vector.signature)
        }
    }

    @Test(.enabled(if: WebhookVector.file != nil, "shared/conformance is not beside the repository"))
    func everyVectorIsRead() {
        #expect(WebhookVector.all.count >= 7)
    }

    @Test func rotationSignsWithEverySecretAndVerifiesWithEither() throws {
        let old = "whsec_" + Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let new = "whsec_" + Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()
        let signer = try WebhookSigner(secrets: [new, old])
        let headers = signer.headers(id: "msg_1", body: Data("{}".utf8), at: Date(timeIntervalSince1970: 1000))
        let signature = try #require(headers.first { $0.name == "webhook-signature" }?.value)
        #expect(signature.split(separator: " ").count == 2)
        for secret in [old, new] {
            let verifier = try WebhookSigner(secrets: [secret])
            #expect(
                verifier.verify(
                    id: "msg_1", timestamp: 1000, body: Data("{}".utf8), signatureHeader: signature,
                    now: Date(timeIntervalSince1970: 1000)))
        }
    }

    @Test func staleTimestampsAreRefused() throws {
        let signer = try WebhookSigner(secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        let signature = signer.signature(id: "m", timestamp: 1000, body: Data())
        #expect(
            !signer.verify(
                id: "m", timestamp: 1000, body: Data(), signatureHeader: signature,
                now: Date(timeIntervalSince1970: 1400)))
    }

    @Test func secretsMustBeBase64() {
        #expect(throws: WebhookSecretError.self) { try WebhookSigner(secrets: ["whsec_not base64!"]) }
    }
}
