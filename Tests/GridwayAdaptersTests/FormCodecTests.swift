import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

@Suite struct FormCodecTests {
    @Test(arguments: [
        (
            #"{"name":"Zhang San","q":"a&b=c+d","list":["1","2"],"n":null,"num":12,"t":true}"#, Charset.utf8,
            "name=Zhang+San&q=a%26b%3Dc%2Bd&list=1&list=2&n=&num=12&t=true"
        ),
        (#"{"safe":"*-._AZaz09","unsafe":"~!'()/?#%"}"#, .utf8, "safe=*-._AZaz09&unsafe=%7E%21%27%28%29%2F%3F%23%25"),
        (#"{"xm":"中文"}"#, .utf8, "xm=%E4%B8%AD%E6%96%87"),
        (#"{"xm":"中文"}"#, .gb18030, "xm=%D6%D0%CE%C4"),
        (#"{"姓名":"王桂兰","rare":"𠀀"}"#, .gb18030, "%D0%D5%C3%FB=%CD%F5%B9%F0%C0%BC&rare=%952%826"),
        (#"{"empty":[],"a":""}"#, .utf8, "a="),
        (#"{}"#, .utf8, ""),
    ])
    func encodesPairs(json: String, charset: Charset, form: String) throws {
        let bytes = try BodyFormat.form.encode(try codecJSON(json), options: BodyFormatOptions(charset: charset))
        #expect(codecText(bytes) == form)
    }

    @Test(arguments: [
        (#"["a"]"#, "", "a form body is an object of scalars, not an array"),
        (#"{"a":{"b":"1"}}"#, "/a", "a nested object cannot be form-encoded; map its members to flat names"),
        (#"{"a":["1",{"b":"1"}]}"#, "/a/1", "a nested object cannot be form-encoded; map its members to flat names"),
        (#"{"a":[["1"]]}"#, "/a/0", "an array inside an array cannot be form-encoded"),
    ])
    func encodeErrorsPointAtTheValue(json: String, pointer: String, reason: String) throws {
        let value = try codecJSON(json)
        let error = #expect(throws: CodecError.self) { try BodyFormat.form.encode(value) }
        #expect(error == CodecError(format: .form, location: .value(try JSONPointer(parsing: pointer)), reason: reason))
    }

    @Test(arguments: [
        ("a=1&b=2&a=3", Charset.utf8, #"{"a":["1","3"],"b":"2"}"#),
        ("a+b=c+d%20e", .utf8, #"{"a b":"c d e"}"#),
        ("%zz=%4&x=%", .utf8, #"{"%zz":"%4","x":"%"}"#),
        ("&&a&=x&b==", .utf8, #"{"a":"","":"x","b":"="}"#),
        ("xm=%E4%B8%AD%E6%96%87", .utf8, #"{"xm":"中文"}"#),
        ("xm=%d6%d0%ce%c4", .gb18030, #"{"xm":"中文"}"#),
        ("", .utf8, "{}"),
    ])
    func decodesPairs(form: String, charset: Charset, json: String) throws {
        #expect(
            try BodyFormat.form.decode(Array(form.utf8), options: BodyFormatOptions(charset: charset))
                == (try codecJSON(json)))
    }

    @Test(arguments: [Charset.utf8, .gb18030])
    func chineseFormsRoundTrip(charset: Charset) throws {
        let value = try codecJSON(#"{"jd":"和平区太原街街道","xm":["王桂兰","李淑珍"],"bz":"𠀀 & = + %"}"#)
        let options = BodyFormatOptions(charset: charset)
        #expect(
            try BodyFormat.form.decode(try BodyFormat.form.encode(value, options: options), options: options) == value)
    }

    @Test(arguments: [
        ("a=1&xm=%FF", Charset.utf8, 7, "invalid UTF-8 in the percent-decoded name or value starting here"),
        (
            "xm=%D6", .gb18030, 3,
            "truncated GB18030 byte sequence at the end in the percent-decoded name or value starting here"
        ),
        (
            "%81%30=1", .gb18030, 0,
            "truncated GB18030 byte sequence at the end in the percent-decoded name or value starting here"
        ),
    ])
    func invalidBytesAreLocated(form: String, charset: Charset, offset: Int, reason: String) {
        let error = #expect(throws: CodecError.self) {
            try BodyFormat.form.decode(Array(form.utf8), options: BodyFormatOptions(charset: charset))
        }
        #expect(
            error
                == CodecError(
                    format: .form, location: .text(offset: offset, line: 1, column: offset + 1), reason: reason))
    }
}
