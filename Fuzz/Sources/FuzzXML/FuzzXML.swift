import FuzzSupport
import GridwayAdapters
import GridwayCore
import GridwayJSON

/// Namespace maps as adapters configure them: none, the SOAP envelope and service namespace of the shipped
/// health-commission adapter, a default namespace.
let namespaceChoices: [[String: String]] = [
    [:],
    ["soap": "http://schemas.xmlsoap.org/soap/envelope/", "wj": "urn:hpwjj:elderly-health:v1"],
    ["": "urn:gridway:fuzz", "x": "urn:gridway:x"],
]

/// Element names that always decode to arrays.
let arrayChoices: [Set<String>] = [[], ["record"], ["wj:need", "item"]]

/// Spends the first input byte on the options (charset, namespaces, array elements) and decodes the rest
/// as an XML body; whatever decodes and encodes must decode again to the same tree.
///
/// A decoded tree may legitimately fail to encode: with no namespace map, prefixes are decoded as
/// written and their declarations dropped, so the tree names prefixes nothing declares.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let choice = input.byte()
    let options = BodyFormatOptions(
        charset: choice & 1 == 0 ? .utf8 : .gb18030,
        namespaces: namespaceChoices[Int(choice >> 1) % namespaceChoices.count],
        arrayElements: arrayChoices[Int(choice >> 3) % arrayChoices.count])
    guard let tree = try? BodyFormat.xml.decode(input.bytes, options: options),
        let written = try? BodyFormat.xml.encode(tree, options: options)
    else { return 0 }
    let again = try? BodyFormat.xml.decode(written, options: options)
    invariant(
        again == tree,
        "\(tree) encodes to \(String(decoding: written, as: UTF8.self)), which decodes to \(String(describing: again))")
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
