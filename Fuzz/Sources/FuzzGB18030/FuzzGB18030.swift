import FuzzSupport
import GridwayAdapters

/// Decodes the input as GB18030; text that decodes must encode, and decode again to the same text.
/// Also runs the input through the form codec in GB18030, whose percent-decoding feeds the same decoder.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput(data, size).bytes
    _ = try? BodyFormat.form.decode(bytes, options: BodyFormatOptions(charset: .gb18030))
    guard let text = try? Charset.gb18030.decode(bytes) else { return 0 }
    let encoded: [UInt8]
    do {
        encoded = try Charset.gb18030.encode(text)
    } catch {
        invariant(false, "decoded GB18030 text does not encode back: \(error)")
        return 0
    }
    let again = try? Charset.gb18030.decode(encoded)
    invariant(
        again.map { $0.unicodeScalars.elementsEqual(text.unicodeScalars) } ?? false,
        "\(text) does not survive a round trip")
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
