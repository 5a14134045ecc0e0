/// A body's text as UTF-8, converted from its charset, that points errors back at the body's bytes.
///
/// A UTF-8 byte-order mark is skipped and means UTF-8 whatever the configured charset; a GB18030 one
/// is skipped when reading GB18030.
struct DecodedText {
    /// The format being read, for errors.
    let format: BodyFormat
    /// The charset the body was read in.
    let charset: Charset
    /// The text in UTF-8, without any byte-order mark.
    let utf8: [UInt8]
    /// The body's bytes after the byte-order mark, as received.
    private let original: ArraySlice<UInt8>

    /// Reads `bytes` in `charset`.
    ///
    /// - Throws: ``CodecError`` at the first byte that is not valid in the charset.
    init(_ bytes: [UInt8], charset: Charset, format: BodyFormat) throws(CodecError) {
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
        let gb18030BOM: [UInt8] = [0x84, 0x31, 0x95, 0x33]
        var charset = charset
        var skipped = 0
        if bytes.starts(with: utf8BOM) {
            charset = .utf8
            skipped = utf8BOM.count
        } else if charset == .gb18030 && bytes.starts(with: gb18030BOM) {
            skipped = gb18030BOM.count
        }
        self.format = format
        self.charset = charset
        self.original = bytes[skipped...]
        do {
            self.utf8 = try charset.utf8(from: skipped == 0 ? bytes : Array(original))
        } catch {
            let valid = (try? charset.utf8(from: Array(original.prefix(error.offset)))) ?? []
            throw CodecError(
                format: format,
                location: .text(offset: valid.count, inUTF8: valid, reportedAs: skipped + error.offset),
                reason: error.reason)
        }
    }

    /// An error at `offset` in ``utf8``, located by the body's byte offset and by line and column.
    func error(_ reason: String, at offset: Int) -> CodecError {
        var originalOffset = offset
        if charset != .utf8 {
            let prefix = Array(String(decoding: utf8.prefix(offset), as: UTF8.self).utf8)
            originalOffset = (try? charset.bytes(fromUTF8: prefix).count) ?? offset
        }
        let skipped = original.startIndex
        return CodecError(
            format: format, location: .text(offset: offset, inUTF8: utf8, reportedAs: skipped + originalOffset),
            reason: reason)
    }

    /// The text of `utf8[range]`.
    func string(_ range: Range<Int>) -> String {
        String(decoding: utf8[range], as: UTF8.self)
    }
}
