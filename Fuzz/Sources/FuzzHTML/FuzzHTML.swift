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
    let node: HTML = "<p>\(text)</p>"
    let read = HTMLReading.textNode(node.description)
    invariant(read != nil, "the escaped text leaves its text node: \(node.description.debugDescription)")
    invariant(
        read.map { $0.unicodeScalars.elementsEqual(HTMLReading.preprocessed(text).unicodeScalars) } ?? true,
        "the text node reads \(String(describing: read?.debugDescription)), not \(text.debugDescription)")

    let attribute: HTML = "<input value=\"\(text)\">"
    let value = HTMLReading.attributeValue(attribute.description)
    invariant(value != nil, "the escaped text leaves its attribute value: \(attribute.description.debugDescription)")
    invariant(
        value.map { $0.unicodeScalars.elementsEqual(HTMLReading.asAttributeValue(text).unicodeScalars) } ?? true,
        "the attribute value reads \(String(describing: value?.debugDescription)), not \(text.debugDescription)")
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
