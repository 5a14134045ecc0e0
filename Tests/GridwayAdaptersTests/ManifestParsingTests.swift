import Foundation
import GridwayAdapters
import GridwayCore
import Testing

@Suite struct ManifestParsingTests {
    static let valid = """
        id: civil-affairs-elderly
        title: 民政局居家养老服务平台
        kind: declarative
        capabilities: [deliver]
        jurisdiction: "210102"
        contracts:
          - ref: elderly-visit@1
            grant: [elderName, elderIdNumber, needs]
        settings:
          baseURL: {env: CIVIL_AFFAIRS_URL, default: "http://127.0.0.1:9001"}
          token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}
        tables:
          visitType: {home: "01", phone: "02", video: "03", accompanied: "04"}
        deliver:
          request:
            url: ${settings.baseURL}/api/visits
            auth: {type: bearer, token: "${settings.token}"}
            headers:
              Idempotency-Key: ${$.submission.id}
            body:
              xm: $.data.elderName
              sfzh: $.data.elderIdNumber | mask(6, 4)
              zflx: $.data.visitType | lookup(visitType)
              zfsj: $.data.visitDate | date(yyyy-MM-dd, yyyyMMddHHmmss)
              needs: $.data.needs | optional
          response:
            success: {status: [200], when: '$.code == "0000"'}
            receipt: $.data.receiptNo
        """

    @Test func aValidManifestReads() throws {
        let manifest = try AdapterManifest(yaml: Self.valid, file: "adapter.yaml", folderName: "civil-affairs-elderly")
        #expect(manifest.id == "civil-affairs-elderly")
        #expect(manifest.capabilities == [.deliver])
        #expect(manifest.contracts.first?.grantedFields == ["elderName", "elderIdNumber", "needs"])
        #expect(manifest.settings.map(\.name) == ["baseURL", "token"])
        #expect(manifest.warnings.isEmpty, "\(manifest.warnings)")
    }
}
