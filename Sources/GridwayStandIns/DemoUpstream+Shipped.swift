import GridwayAdapters
import GridwayCore
import GridwayJSON

extension DemoUpstream {
    /// 和平区卫健局's SOAP 1.1 service (adapter `health-commission-visits`): `POST
    /// /services/ElderlyHealthService` with an XML body, answered in its own namespace with
    /// `wj:SubmitElderlyVisitResponse/wj:result` holding `wj:code` `0` and `wj:receiptNo` `WJ000001`….
    public static var healthCommission: DemoUpstream {
        DemoUpstream(
            path: "/services/ElderlyHealthService", accepts: Format(.xml),
            answers: Format(
                .xml,
                BodyFormatOptions(
                    root: "soap:Envelope",
                    namespaces: [
                        "soap": "http://schemas.xmlsoap.org/soap/envelope/", "wj": "urn:hpwjj:elderly-health:v1",
                    ])),
            receiptPrefix: "WJ"
        ) { receipt, _ in
            [
                "soap:Body": [
                    "wj:SubmitElderlyVisitResponse": [
                        "wj:result": ["wj:code": "0", "wj:message": "接收成功", "wj:receiptNo": .string(receipt)]
                    ]
                ]
            ]
        }
    }

    /// 沈阳市统计局's upload (adapter `statistics-bureau-population`): `POST /tjj/upload/rkbd` with a
    /// GB18030 CSV file, answered `{"status": "OK", "batchNo": "TJ000001", "rows": <rows>}`.
    public static var statisticsBureau: DemoUpstream {
        DemoUpstream(
            path: "/tjj/upload/rkbd", accepts: Format(.csv, BodyFormatOptions(charset: .gb18030)),
            answers: Format(.json),
            receiptPrefix: "TJ"
        ) { receipt, report in
            ["status": "OK", "batchNo": .string(receipt), "rows": .integer(Int64(report.arrayValue?.count ?? 0))]
        }
    }
}
