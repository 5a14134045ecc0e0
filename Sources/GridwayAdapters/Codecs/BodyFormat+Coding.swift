import GridwayCore
import GridwayJSON

extension BodyFormat {
    /// Writes `value` as a body in this format, in the charset of `options`.
    ///
    /// - Throws: ``CodecError`` with the JSON Pointer of the member that this format cannot write
    ///   (a nested object in a form or CSV body, a control character in XML text, …).
    public func encode(_ value: JSONValue, options: BodyFormatOptions = BodyFormatOptions()) throws(CodecError)
        -> [UInt8]
    {
        let utf8: [UInt8]
        switch self {
        case .json: utf8 = value.serialized()
        case .xml: utf8 = try XMLWriter.document(value, options: options)
        case .csv: utf8 = try CSVWriter.table(value, options: options)
        case .form: return try FormWriter.body(value, charset: options.charset)
        }
        do {
            return try options.charset.bytes(fromUTF8: utf8)
        } catch {
            throw CodecError(format: self, location: .value(.root), reason: error.reason)
        }
    }

    /// Reads a body in this format into a JSON tree.
    ///
    /// - Throws: ``CodecError`` with the byte offset, line and column of the first problem in `bytes`.
    public func decode(_ bytes: [UInt8], options: BodyFormatOptions = BodyFormatOptions()) throws(CodecError)
        -> JSONValue
    {
        switch self {
        case .json:
            let text = try DecodedText(bytes, charset: options.charset, format: self)
            do {
                return try JSONParser().parse(text.utf8)
            } catch {
                throw text.error(error.reason, at: error.offset)
            }
        case .xml:
            return try XMLReader.document(bytes, options: options)
        case .csv:
            let text = try DecodedText(bytes, charset: options.charset, format: self)
            var reader = CSVReader(text: text, options: options)
            return try reader.table()
        case .form:
            return try FormReader(bytes: bytes, charset: options.charset).fields()
        }
    }
}
