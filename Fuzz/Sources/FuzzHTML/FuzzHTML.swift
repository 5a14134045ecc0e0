import FuzzSupport

@testable import GridwayServer

/// Reads the input as UTF-8 text (invalid bytes become U+FFFD, as a request's would) and puts it into
/// portal markup the way pages do, through ``HTML``'s interpolation: as a text node and as a
/// double-quoted attribute value. A strict reading of each (``HTMLReading``, scalar by scalar as an HTML
/// parser reads) must find exactly one text node or one attribute value, holding the text unchanged
/// (apart from what every HTML parser does to any text: CR LF to LF, U+0000 in attributes to U+FFFD).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzInput(data, size).bytes, as: UTF8.self)
    expectReadBack(
        "<p>\(text)</p>", as: "text node", by: HTMLReading.textNode, HTMLReading.preprocessed(text), of: text)
    expectReadBack(
        "<input value=\"\(text)\">", as: "attribute value", by: HTMLReading.attributeValue,
        HTMLReading.asAttributeValue(text), of: text)
    return 0
}

/// `markup`, holding `text` escaped as a `what`, must read back through `read` as exactly that one
/// `what`, holding `expected`.
func expectReadBack(
    _ markup: HTML, as what: String, by read: (String) -> String?, _ expected: String, of text: String
) {
    let value = read(markup.description)
    invariant(value != nil, "the escaped text leaves its \(what): \(markup.description.debugDescription)")
    invariant(
        value.map { $0.unicodeScalars.elementsEqual(expected.unicodeScalars) } ?? true,
        "the \(what) reads \(String(describing: value?.debugDescription)), not \(text.debugDescription)")
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
