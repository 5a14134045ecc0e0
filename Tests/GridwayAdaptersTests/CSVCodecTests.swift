import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

@Suite struct CSVCodecTests {
    @Test(arguments: [
        (
            #"[{"a":"1","b":"x,y"},{"b":"q\"q","c":null},{"c":true,"a":2.5}]"#, BodyFormatOptions(),
            "a,b,c\r\n1,\"x,y\",\r\n,\"q\"\"q\",\r\n2.5,,true\r\n"
        ),
        (#"{"xm":"王桂兰","nl":81}"#, BodyFormatOptions(), "xm,nl\r\n王桂兰,81\r\n"),
        (#"[{"a":"1","b":"2"}]"#, BodyFormatOptions(header: false), "1,2\r\n"),
        (#"[{"a":"x;y","b":"x,y"}]"#, BodyFormatOptions(delimiter: .semicolon), "a;b\r\n\"x;y\";x,y\r\n"),
        (#"[{"a":"x\ty","b":"2"}]"#, BodyFormatOptions(delimiter: .tab), "a\tb\r\n\"x\ty\"\t2\r\n"),
        (#"[{"a":"x|y","b":" 2 "}]"#, BodyFormatOptions(delimiter: .pipe), "a|b\r\n\"x|y\"| 2 \r\n"),
        (#"[{"a":"line\nbreak","b":"cr\r"}]"#, BodyFormatOptions(), "a,b\r\n\"line\nbreak\",\"cr\r\"\r\n"),
        (#"[{"only":""},{"only":"x"}]"#, BodyFormatOptions(), "only\r\n\"\"\r\nx\r\n"),
        (#"[["xm","nl"],["王桂兰",81],[null,""]]"#, BodyFormatOptions(), "xm,nl\r\n王桂兰,81\r\n,\r\n"),
        (#"[]"#, BodyFormatOptions(), ""),
    ])
    func encodesTables(json: String, options: BodyFormatOptions, csv: String) throws {
        #expect(codecText(try BodyFormat.csv.encode(try codecJSON(json), options: options)) == csv)
    }

    @Test(arguments: [
        (#""text""#, "", "a CSV body is an array of objects, a single object or an array of arrays, not a string"),
        (#"[{"a":"1"},"x"]"#, "/1", "expected an object like the first row, not a string"),
        (#"[{"a":{"b":1}}]"#, "/0/a", "a CSV cell cannot hold an object"),
        (#"{"a":[1]}"#, "/a", "a CSV cell cannot hold an array"),
        (#"[["a"],{"b":1}]"#, "/1", "expected an array like the first row, not an object"),
        (#"[["a","b"],["c"]]"#, "/1", "row has 1 fields; the first has 2"),
        (#"[["a",["b"]]]"#, "/0/1", "a CSV cell cannot hold an array"),
    ])
    func encodeErrorsPointAtTheValue(json: String, pointer: String, reason: String) throws {
        let value = try codecJSON(json)
        let error = #expect(throws: CodecError.self) { try BodyFormat.csv.encode(value) }
        #expect(error == CodecError(format: .csv, location: .value(try JSONPointer(parsing: pointer)), reason: reason))
    }

    @Test(arguments: [
        ("a,b\r\n1,2\r\n3,4\r\n", BodyFormatOptions(), #"[{"a":"1","b":"2"},{"a":"3","b":"4"}]"#),
        ("a,b\n1,2\n3,4", BodyFormatOptions(), #"[{"a":"1","b":"2"},{"a":"3","b":"4"}]"#),
        ("a,b\r1,2\r", BodyFormatOptions(), #"[{"a":"1","b":"2"}]"#),
        ("a,b\r\n1,2", BodyFormatOptions(header: false), #"[["a","b"],["1","2"]]"#),
        (
            "\"x,y\",\"q\"\"q\",\"multi\r\nline\"\r\n,,\"\"\r\n", BodyFormatOptions(header: false),
            #"[["x,y","q\"q","multi\r\nline"],["","",""]]"#
        ),
        ("a;b\r\n\"1;2\";3\r\n", BodyFormatOptions(delimiter: .semicolon), #"[{"a":"1;2","b":"3"}]"#),
        ("a\tb\n1\t 2 \n", BodyFormatOptions(delimiter: .tab), #"[{"a":"1","b":" 2 "}]"#),
        ("a|b\n1|2", BodyFormatOptions(delimiter: .pipe), #"[{"a":"1","b":"2"}]"#),
        (
            "\u{FEFF}xm,sfzh\r\n王桂兰,210102194501010021\r\n", BodyFormatOptions(),
            #"[{"xm":"王桂兰","sfzh":"210102194501010021"}]"#
        ),
        ("a,b\r\n\r\n1,2\r\n\r\n\r\n", BodyFormatOptions(), #"[{"a":"1","b":"2"}]"#),
        ("a,b,\n1,2,\n", BodyFormatOptions(), #"[{"a":"1","b":"2","":""}]"#),
        ("only\n\"\"\nx\n", BodyFormatOptions(), #"[{"only":""},{"only":"x"}]"#),
        ("a,b\r\n", BodyFormatOptions(), "[]"),
        ("", BodyFormatOptions(), "[]"),
    ])
    func decodesTables(csv: String, options: BodyFormatOptions, json: String) throws {
        #expect(try BodyFormat.csv.decode(Array(csv.utf8), options: options) == (try codecJSON(json)))
    }

    @Test(arguments: [
        ("a,b\n1,\"open\n2,3\n", 6, 2, 3, "unterminated quoted field"),
        ("a,b\n1,2\n3\n", 8, 3, 1, "record has 1 fields; the header has 2"),
        ("a,b\r\n1,2\r\n3,4,5\r\n", 10, 3, 1, "record has 3 fields; the header has 2"),
        ("a,b\n1,x\"y\"\n", 7, 2, 4, "a quote inside an unquoted field; quote the whole field and double the quote"),
        ("a,b\n\"1\"x,2\n", 7, 2, 4, "expected a delimiter or a line end after the closing quote"),
        ("a,a\n1,2\n", 0, 1, 1, "duplicate column name \"a\" in the header"),
        ("王,桂\n兰,\"x\" ,\n", 15, 2, 6, "expected a delimiter or a line end after the closing quote"),
    ])
    func malformedTablesAreLocated(csv: String, offset: Int, line: Int, column: Int, reason: String) {
        let error = #expect(throws: CodecError.self) { try BodyFormat.csv.decode(Array(csv.utf8)) }
        #expect(
            error
                == CodecError(format: .csv, location: .text(offset: offset, line: line, column: column), reason: reason)
        )
    }

    @Test func raggedRowsWithoutAHeaderAreAnError() {
        let error = #expect(throws: CodecError.self) {
            try BodyFormat.csv.decode(Array("1,2\n3,4\n5\n".utf8), options: BodyFormatOptions(header: false))
        }
        #expect(error?.reason == "record has 1 fields; the first record has 2")
        #expect(error?.location == .text(offset: 8, line: 3, column: 1))
    }

    @Test func gb18030TablesRoundTrip() throws {
        let options = BodyFormatOptions(charset: .gb18030)
        let value = try codecJSON(
            #"[{"jd":"和平区太原街街道","xm":"王桂兰","bz":"𠀀, \"引号\""},{"jd":"和平区南市场街道","xm":"李淑珍","bz":""}]"#)
        let bytes = try BodyFormat.csv.encode(value, options: options)
        #expect(bytes.starts(with: Array("jd,xm,bz\r\n".utf8) + (try Charset.gb18030.encode("和平区"))))
        #expect(try BodyFormat.csv.decode(bytes, options: options) == value)
    }

    @Test func gb18030ErrorsCountBodyBytes() throws {
        let bytes = try Charset.gb18030.encode("姓名,年龄\n王桂兰,81\n李淑珍\n")
        let error = #expect(throws: CodecError.self) {
            try BodyFormat.csv.decode(bytes, options: BodyFormatOptions(charset: .gb18030))
        }
        // "姓名,年龄\n" is 10 bytes in GB18030 and "王桂兰,81\n" 10 more.
        #expect(error?.location == .text(offset: 20, line: 3, column: 1))
        #expect(error?.reason == "record has 1 fields; the header has 2")
    }
}
