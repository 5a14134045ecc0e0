import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

@Suite struct XMLCodecTests {
    private static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"#

    @Test(arguments: [
        (#"{"a":"x"}"#, "<a>x</a>"),
        (#"{"a":null}"#, "<a/>"),
        (#"{"a":""}"#, "<a></a>"),
        (#"{"a":{"b":1,"c":true,"d":1.5,"e":-2e-7}}"#, "<a><b>1</b><c>true</c><d>1.5</d><e>-2e-7</e></a>"),
        (##"{"a":{"@id":"7","@n":3,"#text":"x"}}"##, #"<a id="7" n="3">x</a>"#),
        (#"{"a":{"item":["1",{"@k":"v"},null]}}"#, #"<a><item>1</item><item k="v"/><item/></a>"#),
        (#"{"a":{"item":[]}}"#, "<a/>"),
        (##"{"a":{"@x":null,"#text":null}}"##, "<a/>"),
        (##"{"a":{"#text":"t","b":"1","c":{}}}"##, "<a>t<b>1</b><c/></a>"),
        (#"{"人员":{"姓名":"王桂兰","住址":"和平区太原街街道"}}"#, "<人员><姓名>王桂兰</姓名><住址>和平区太原街街道</住址></人员>"),
        (
            ##"{"a":{"@q":"\"<&>'\t\n\r","#text":"<&>\"'\t\n\r]]>"}}"##,
            #"<a q="&quot;&lt;&amp;&gt;'&#9;&#10;&#13;">&lt;&amp;&gt;"'"# + "\t\n" + "&#13;]]&gt;</a>"
        ),
        (
            #"{"m:a":{"@xmlns:m":"urn:m","m:b":"1","@xml:lang":"zh"}}"#,
            #"<m:a xmlns:m="urn:m" xml:lang="zh"><m:b>1</m:b></m:a>"#
        ),
    ])
    func encodesByTheConvention(json: String, xml: String) throws {
        let bytes = try BodyFormat.xml.encode(try codecJSON(json))
        #expect(codecText(bytes) == XMLCodecTests.declaration + xml)
    }

    @Test func aRootOptionWrapsTheWholeValue() throws {
        let options = BodyFormatOptions(root: "person")
        let bytes = try BodyFormat.xml.encode(try codecJSON(#"{"name":"王桂兰","age":81}"#), options: options)
        #expect(codecText(bytes) == XMLCodecTests.declaration + "<person><name>王桂兰</name><age>81</age></person>")
        let scalar = try BodyFormat.xml.encode("x", options: options)
        #expect(codecText(scalar) == XMLCodecTests.declaration + "<person>x</person>")
    }

    @Test func namespacesAreDeclaredOnTheRootSortedByPrefix() throws {
        let options = BodyFormatOptions(namespaces: [
            "soap": "http://schemas.xmlsoap.org/soap/envelope/", "": "urn:d", "m": "urn:m&x",
        ])
        let bytes = try BodyFormat.xml.encode(
            try codecJSON(#"{"soap:Envelope":{"soap:Body":{"m:Ping":null,"plain":"1"}}}"#), options: options)
        #expect(
            codecText(bytes) == XMLCodecTests.declaration
                + #"<soap:Envelope xmlns="urn:d" xmlns:m="urn:m&amp;x" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">"#
                + "<soap:Body><m:Ping/><plain>1</plain></soap:Body></soap:Envelope>")
    }

    @Test func gb18030DocumentsDeclareTheirEncoding() throws {
        let options = BodyFormatOptions(charset: .gb18030)
        let bytes = try BodyFormat.xml.encode(["a": "中文"], options: options)
        #expect(
            bytes == Array(#"<?xml version="1.0" encoding="GB18030"?><a>"#.utf8) + [0xD6, 0xD0, 0xCE, 0xC4]
                + Array("</a>".utf8))
        #expect(try BodyFormat.xml.decode(bytes) == ["a": "中文"], "the declaration is honoured without the option")
    }

    @Test(arguments: [
        (#"["a"]"#, BodyFormatOptions(), "", "one root element"),
        (#"{"a":1,"b":2}"#, BodyFormatOptions(), "", "one root element"),
        (#"{"@a":1}"#, BodyFormatOptions(), "", "one root element"),
        (#"{"a":[1,2]}"#, BodyFormatOptions(), "/a", "the root element cannot repeat"),
        (#"[1]"#, BodyFormatOptions(root: "r"), "", "an array needs a member name"),
        (#"1"#, BodyFormatOptions(root: "1r"), "", "\"1r\" is not an XML element name"),
        (#"{"a":{"b":[[1]]}}"#, BodyFormatOptions(), "/a/b/0", "an array inside an array"),
        (#"{"a":{"@b":{"c":1}}}"#, BodyFormatOptions(), "/a/@b", "an attribute must be a scalar, not an object"),
        (#"{"a":{"@b c":"1"}}"#, BodyFormatOptions(), "/a/@b c", "not an XML attribute name"),
        (##"{"a":{"#text":[1]}}"##, BodyFormatOptions(), "/a/#text", "#text must be a scalar, not an array"),
        (##"{"a":{"#comment":"x"}}"##, BodyFormatOptions(), "/a/#comment", "the only #-member is #text"),
        (#"{"a":{"1b":"x"}}"#, BodyFormatOptions(), "/a/1b", "\"1b\" is not an XML element name"),
        (#"{"a":{"b:c:d":"x"}}"#, BodyFormatOptions(), "/a/b:c:d", "not an XML element name"),
        (#"{"a":{"b":"x\u0001y"}}"#, BodyFormatOptions(), "/a/b", "U+0001 cannot be written in XML"),
        (#"{"a":{"@b":"\uFFFE"}}"#, BodyFormatOptions(), "/a/@b", "U+FFFE cannot be written in XML"),
        (#"{"p:a":"x"}"#, BodyFormatOptions(), "/p:a", "namespace prefix \"p\" is not declared"),
        (#"{"a":{"@p:b":"x"}}"#, BodyFormatOptions(), "/a/@p:b", "namespace prefix \"p\" is not declared"),
        (#"{"a":{"p:b":{"@xmlns:p":"u"},"p:c":"x"}}"#, BodyFormatOptions(), "/a/p:c", "\"p\" is not declared"),
        (#"{"a":{"@xmlns:p":""}}"#, BodyFormatOptions(), "/a/@xmlns:p", "empty URI"),
        (
            #"{"a":{"@xmlns:p":"u"}}"#, BodyFormatOptions(namespaces: ["p": "v"]), "/a/@xmlns:p",
            "declared both here and in the namespaces option"
        ),
        (#"{"xmlns:a":"x"}"#, BodyFormatOptions(), "/xmlns:a", "reserved"),
        (#"{"a":"x"}"#, BodyFormatOptions(namespaces: ["1p": "u"]), "", "invalid prefix \"1p\""),
        (#"{"a":"x"}"#, BodyFormatOptions(namespaces: ["p": ""]), "", "empty URI"),
    ])
    func encodeErrorsPointAtTheMember(json: String, options: BodyFormatOptions, pointer: String, reason: String) throws
    {
        let value = try codecJSON(json)
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.encode(value, options: options) }
        #expect(error?.format == .xml)
        #expect(error?.location == .value(try JSONPointer(parsing: pointer)))
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test func encodingRefusesNestingDeeperThan256() throws {
        func nested(_ depth: Int) -> JSONValue {
            (1..<depth).reduce(JSONValue.string("x")) { inner, _ in ["e": inner] }
        }
        #expect(throws: Never.self) { try BodyFormat.xml.encode(["e": nested(256)]) }
        let error = #expect(throws: CodecError.self) { try BodyFormat.xml.encode(["e": nested(257)]) }
        #expect(error?.reason == "elements nest deeper than 256")
        #expect(error?.location == .value(JSONPointer(tokens: Array(repeating: "e", count: 257))))
    }

    @Test(arguments: [
        ("<a>x</a>", #"{"a":"x"}"#),
        ("<a/>", #"{"a":""}"#),
        ("<a></a>", #"{"a":""}"#),
        ("<a>  </a>", #"{"a":"  "}"#),
        (#"<a id="1"/>"#, #"{"a":{"@id":"1"}}"#),
        (#"<a id='1' n="2">x</a>"#, ##"{"a":{"@id":"1","@n":"2","#text":"x"}}"##),
        ("<a>\n  <b>1</b>\n  <c> sp </c>\n  <b>2</b>\n</a>", #"{"a":{"b":["1","2"],"c":" sp "}}"#),
        ("<a>t<b>1</b>u<b/>v</a>", ##"{"a":{"#text":"tuv","b":["1",""]}}"##),
        ("<a><b>1</b>tail</a>", ##"{"a":{"b":"1","#text":"tail"}}"##),
        (
            #"<a x="&lt;&#65;&#x4e2d;&quot;">&amp;&apos;&quot;&gt;&#x1F600;</a>"#,
            ##"{"a":{"@x":"<A中\"","#text":"&'\">😀"}}"##
        ),
        ("<a><![CDATA[<not> & markup]]></a>", #"{"a":"<not> & markup"}"#),
        ("<a>x<![CDATA[]]>y<![CDATA[ ]]></a>", #"{"a":"xy "}"#),
        (
            "<?xml version=\"1.0\" standalone=\"yes\" ?>\n<!-- c --><?pi data?>\n<a><!--x-->1<?p?>2</a>\n<!-- end -->\n",
            #"{"a":"12"}"#
        ),
        ("<a>1\r\n2\r3</a>", #"{"a":"1\n2\n3"}"#),
        ("<a x=\"1\r\n2\t3 \"/>", #"{"a":{"@x":"1 2 3 "}}"#),
        ("<a x='&#10;&#9;'/>", #"{"a":{"@x":"\n\t"}}"#),
        ("<a\n  x = \"1\"\n/>", #"{"a":{"@x":"1"}}"#),
        ("<a></a   >", #"{"a":""}"#),
        ("<人员><姓名>王桂兰</姓名><住址>和平区太原街街道</住址></人员>", #"{"人员":{"姓名":"王桂兰","住址":"和平区太原街街道"}}"#),
        (#"<a xmlns="urn:x" xmlns:p="urn:p"><p:b p:c="1">2</p:b></a>"#, ##"{"a":{"p:b":{"@p:c":"1","#text":"2"}}}"##),
        (#"<a xml:lang="zh">x</a>"#, ##"{"a":{"@xml:lang":"zh","#text":"x"}}"##),
        ("\u{FEFF}<a>bom</a>", #"{"a":"bom"}"#),
    ])
    func decodesByTheConvention(xml: String, json: String) throws {
        #expect(try BodyFormat.xml.decode(Array(xml.utf8)) == (try codecJSON(json)))
    }

    @Test func arrayElementsAlwaysDecodeAsArrays() throws {
        let options = BodyFormatOptions(arrayElements: ["record", "none"])
        let one = try BodyFormat.xml.decode(
            Array("<page><total>1</total><record><xm>王桂兰</xm></record></page>".utf8), options: options)
        #expect(one == (try codecJSON(#"{"page":{"total":"1","record":[{"xm":"王桂兰"}]}}"#)))
        let two = try BodyFormat.xml.decode(
            Array("<page><record>1</record><record>2</record></page>".utf8), options: options)
        #expect(two == (try codecJSON(#"{"page":{"record":["1","2"]}}"#)))
    }

    @Test func manyRepeatedElementsDecodeIntoOneArray() throws {
        let count = 20_000
        let body = "<page>" + String(repeating: "<r><xm>王桂兰</xm></r>\n", count: count) + "</page>"
        let decoded = try BodyFormat.xml.decode(Array(body.utf8))
        guard case .array(let records) = decoded["page"]?["r"] else {
            Issue.record("no array of records")
            return
        }
        #expect(records.count == count)
        #expect(records.last == ["xm": "王桂兰"])
    }

    @Test(arguments: [
        #"{"a":{"@id":"7","name":"王桂兰 <&>","tags":["x","y"],"empty":"","deep":{"b":{"c":"z"}}}}"#,
        #"{"records":{"record":[{"xm":"王桂兰","sfzh":"210102194501010021"},{"xm":"李淑珍","sfzh":"210102194802020042"}]}}"#,
        ##"{"a":{"@x":"tab\tline\nquote\" ret\r","#text":" keep  spaces "}}"##,
    ])
    func stringTreesRoundTrip(json: String) throws {
        let value = try codecJSON(json)
        for charset in Charset.allCases {
            let options = BodyFormatOptions(charset: charset)
            #expect(
                try BodyFormat.xml.decode(try BodyFormat.xml.encode(value, options: options), options: options) == value
            )
        }
    }

    @Test func gbkAndGB18030DeclarationsAreHonoured() throws {
        for label in ["GB18030", "gbk", "GB2312"] {
            let body = try Charset.gb18030.encode("<?xml version=\"1.0\" encoding=\"\(label)\"?><a 名=\"𠀀\">王桂兰</a>")
            #expect(try BodyFormat.xml.decode(body) == (try codecJSON(##"{"a":{"@名":"𠀀","#text":"王桂兰"}}"##)))
        }
        let utf8Declared = Array(#"<?xml version="1.0" encoding="utf-8"?><a>王</a>"#.utf8)
        #expect(try BodyFormat.xml.decode(utf8Declared, options: BodyFormatOptions(charset: .gb18030)) == ["a": "王"])
    }
}
