import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

@Suite struct XMLNamespaceTests {
    private static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    private static let service = "http://mz.gov.cn/ws/elderly"
    private static let options = BodyFormatOptions(
        namespaces: ["soap": soap, "mz": service, "xsi": "http://www.w3.org/2001/XMLSchema-instance"])

    /// The same response as two SOAP stacks write it: different prefixes, a default namespace.
    private static let responses = [
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="\(soap)" xmlns:ns1="\(service)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <SOAP-ENV:Body>
            <ns1:SubmitVisitResponse>
              <ns1:code xsi:type="xsd:string">0</ns1:code>
              <ns1:receipt>MZ-2026-000123</ns1:receipt>
            </ns1:SubmitVisitResponse>
          </SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """,
        """
        <soap:Envelope xmlns:soap="\(soap)"><soap:Body>
        <SubmitVisitResponse xmlns="\(service)" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
        <code i:type="xsd:string">0</code><receipt>MZ-2026-000123</receipt>
        </SubmitVisitResponse></soap:Body></soap:Envelope>
        """,
    ]

    @Test(arguments: responses)
    func prefixesAreRewrittenToTheConfiguredOnes(response: String) throws {
        let decoded = try BodyFormat.xml.decode(Array(response.utf8), options: XMLNamespaceTests.options)
        let expected = try codecJSON(
            ##"{"soap:Envelope":{"soap:Body":{"mz:SubmitVisitResponse":{"mz:code":{"@xsi:type":"xsd:string","#text":"0"},"mz:receipt":"MZ-2026-000123"}}}}"##
        )
        #expect(decoded == expected)
    }

    @Test func withoutANamespacesOptionNamesStayAsWritten() throws {
        let decoded = try BodyFormat.xml.decode(Array(XMLNamespaceTests.responses[0].utf8))
        #expect(
            decoded["SOAP-ENV:Envelope"]?["SOAP-ENV:Body"]?["ns1:SubmitVisitResponse"]?["ns1:receipt"]
                == "MZ-2026-000123")
    }

    @Test func theDefaultNamespaceCanBeConfiguredAsUnprefixed() throws {
        let options = BodyFormatOptions(namespaces: ["": XMLNamespaceTests.service, "soap": XMLNamespaceTests.soap])
        let body =
            #"<s:Envelope xmlns:s="\#(XMLNamespaceTests.soap)"><s:Body><r:Result xmlns:r="\#(XMLNamespaceTests.service)" plain="1">ok</r:Result></s:Body></s:Envelope>"#
        let decoded = try BodyFormat.xml.decode(Array(body.utf8), options: options)
        #expect(
            decoded == (try codecJSON(##"{"soap:Envelope":{"soap:Body":{"Result":{"@plain":"1","#text":"ok"}}}}"##)))
    }

    @Test func innerDeclarationsShadowOuterOnes() throws {
        let body = #"<a:x xmlns:a="urn:one"><a:y xmlns:a="urn:two"><a:z/></a:y><a:w/></a:x>"#
        let options = BodyFormatOptions(namespaces: ["one": "urn:one", "two": "urn:two"])
        let decoded = try BodyFormat.xml.decode(Array(body.utf8), options: options)
        #expect(decoded == (try codecJSON(#"{"one:x":{"two:y":{"two:z":""},"one:w":""}}"#)))
    }

    @Test func aSOAPRequestRoundTrips() throws {
        let request = try codecJSON(
            #"{"soap:Envelope":{"soap:Header":null,"soap:Body":{"mz:SubmitVisit":{"mz:unit":"210102001001","mz:elder":{"@xsi:type":"mz:Elder","mz:name":"王桂兰"},"mz:visit":[{"mz:date":"2026-11-20"},{"mz:date":"2026-11-27"}]}}}}"#
        )
        let bytes = try BodyFormat.xml.encode(request, options: XMLNamespaceTests.options)
        let text = codecText(bytes)
        #expect(
            text.hasPrefix(
                #"<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:mz="\#(XMLNamespaceTests.service)" xmlns:soap="\#(XMLNamespaceTests.soap)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Header/><soap:Body>"#
            ))
        let decoded = try BodyFormat.xml.decode(bytes, options: XMLNamespaceTests.options)
        let expected = try codecJSON(
            #"{"soap:Envelope":{"soap:Header":"","soap:Body":{"mz:SubmitVisit":{"mz:unit":"210102001001","mz:elder":{"@xsi:type":"mz:Elder","mz:name":"王桂兰"},"mz:visit":[{"mz:date":"2026-11-20"},{"mz:date":"2026-11-27"}]}}}}"#
        )
        #expect(decoded == expected)
    }

    @Test(arguments: [
        (#"<p:a/>"#, BodyFormatOptions(), 1, "undeclared namespace prefix \"p\""),
        (#"<a p:x="1"/>"#, BodyFormatOptions(), 3, "undeclared namespace prefix \"p\""),
        (#"<a><p:b xmlns:p="urn:p"/><p:c/></a>"#, BodyFormatOptions(), 26, "undeclared namespace prefix \"p\""),
        (
            #"<a xmlns="urn:unknown"/>"#, options, 1,
            "namespace \"urn:unknown\" (prefix \"\") is not in the namespaces option"
        ),
        (
            #"<s:a xmlns:s="\#(soap)"><x:b xmlns:x="urn:x"/></s:a>"#, options, 58,
            "namespace \"urn:x\" (prefix \"x\") is not in the namespaces option"
        ),
        (
            #"<a xmlns:p="urn:p" xmlns:q="urn:p" p:x="1" q:x="2"/>"#, BodyFormatOptions(namespaces: ["p": "urn:p"]), 43,
            "duplicate attribute q:x"
        ),
        (#"<a xmlns:p=""/>"#, BodyFormatOptions(), 3, "cannot be bound to an empty namespace"),
        (#"<a xmlns:xml="urn:x"/>"#, BodyFormatOptions(), 3, "cannot be rebound"),
        (#"<xmlns:a/>"#, BodyFormatOptions(), 1, "reserved"),
        (#"<a:b:c/>"#, BodyFormatOptions(), 1, "not a qualified name"),
        (#"<a :b="1"/>"#, BodyFormatOptions(), 3, "not a qualified name"),
    ])
    func namespaceErrorsAreLocated(xml: String, options: BodyFormatOptions, offset: Int, reason: String) {
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.decode(Array(xml.utf8), options: options) }
        #expect(error?.location == .text(offset: offset, line: 1, column: offset + 1))
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }
}
