import FuzzSupport
import GridwayJSON

/// The schema of the shipped contract `elderly-visit@1` (the richest), which every input is also validated
/// against, compiled as Gridway compiles contracts (format assertion on).
let contractSchema = Repository.document("contracts/elderly-visit@1.json")
let contract: JSONSchemaValidator = {
    do {
        return try JSONSchemaValidator(schema: contractSchema, options: JSONSchemaOptions(formatAssertion: true))
    } catch {
        fatalError("contracts/elderly-visit@1.json does not compile: \(error)")
    }
}()

/// Parses the input as JSON; checks that what it serializes to (plain and RFC 8785 canonical) parses back
/// to a value that serializes to the same text; validates it against a shipped contract and the 2020-12
/// meta-schema; then compiles it as a schema (format assertion on) and validates both the input itself
/// and the contract's schema document against it.
///
/// The round trip is checked on the text, not with `isJSONEqual`: a double of 2^53 or more is written in
/// plain digits (`2.288888888888889e17` as `228888888888888900`), which read back as an exact integer a few
/// units away from the double (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let value = try? JSONParser().parse(input.bytes) else { return 0 }
    for write in [{ (value: JSONValue) in value.serialized() }, { $0.canonicalBytes() }] {
        let text = write(value)
        let again = try? JSONParser().parse(text)
        invariant(
            again.map { write($0) == text } ?? false,
            "\(String(decoding: text, as: UTF8.self)) does not parse back to a value written the same way")
    }
    _ = contract.validate(value)
    _ = JSONSchemaValidator.metaSchema.validate(value)
    guard let schema = try? JSONSchemaValidator(schema: value, options: JSONSchemaOptions(formatAssertion: true))
    else { return 0 }
    _ = schema.validate(value)
    _ = schema.validate(contractSchema)
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
