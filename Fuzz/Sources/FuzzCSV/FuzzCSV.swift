import FuzzSupport
import GridwayAdapters
import GridwayCore
import GridwayJSON

/// Spends the first input byte on the options (delimiter, header, charset) and decodes the rest as a CSV
/// body; whatever decodes must encode, and decode again to the same table.
///
/// One exception, by design: a GB18030 body that starts with the bytes of a UTF-8 byte-order mark (the
/// text `锘` followed by a character whose first byte is 0xBF) is read as UTF-8, as the Encoding
/// Standard has it, so such a table does not survive the round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let choice = input.byte()
    let options = BodyFormatOptions(
        charset: choice & 1 == 0 ? .utf8 : .gb18030,
        delimiter: [CSVDelimiter.comma, .semicolon, .tab, .pipe][Int(choice >> 1) % 4],
        header: choice & 8 == 0)
    guard let table = try? BodyFormat.csv.decode(input.bytes, options: options) else { return 0 }
    let written: [UInt8]
    do {
        written = try BodyFormat.csv.encode(table, options: options)
    } catch {
        invariant(false, "the decoded table \(table) does not encode: \(error)")
        return 0
    }
    if options.charset == .gb18030 && written.starts(with: [0xEF, 0xBB, 0xBF]) { return 0 }
    let again = try? BodyFormat.csv.decode(written, options: options)
    invariant(
        again == table, "the decoded table \(table) encodes to a body that decodes to \(String(describing: again))")
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
