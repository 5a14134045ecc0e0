import FuzzSupport
import GridwayJSON

/// The document every parsed query is evaluated against: nested objects and arrays, every JSON type,
/// non-ASCII keys and strings, for filters, slices, descendants and the function extensions to chew on.
let document: JSONValue = {
    let text = """
        {"store": {"book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3",
             "price": 8.99},
            {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
             "isbn": "0-395-19395-8", "price": 22.99}],
          "bicycle": {"color": "red", "price": 399}},
         "submission": {"id": "0193a5c0-0000-7000-8000-000000000001", "unit": "210102001001", "period": "2026-11"},
         "data": {"elderName": "张桂兰", "visitDate": "2026-11-03", "durationMinutes": 45, "flags": [true, false, null],
          "nested": [[1, 2, [3, 4]], {"a": {"b": {"c": [5, 6.5, -7e3]}}}], "": "empty key", "a'b": 1, "a\\"b": 2},
         "o": {"j": 1, "k": 2}, "e": [], "n": null}
        """
    do {
        return try JSONParser().parse(text)
    } catch {
        fatalError("the fixed document does not parse: \(error)")
    }
}()

/// Parses the input as an RFC 9535 query and evaluates what parses against a fixed document, checking that
/// `select`, `values` and `firstValue` agree and that every selected node's normalized path is itself a
/// query selecting exactly that node.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let text = String(validating: input.bytes, as: UTF8.self),
        let path = try? JSONPath(parsing: text)
    else { return 0 }
    _ = path.isSingular
    _ = path.leadingNames
    let nodes = path.select(in: document)
    let values = path.values(in: document)
    invariant(nodes.map(\.value) == values, "select and values disagree for \(text)")
    invariant(path.firstValue(in: document) == values.first, "firstValue is not the first value for \(text)")
    for node in nodes {
        let normalized = node.location.description
        let selected = (try? JSONPath(parsing: normalized))?.select(in: document)
        invariant(selected == [node], "the normalized path \(normalized) from \(text) does not select its node")
    }
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
