import FuzzSupport
import GridwayCore

/// The shipped contract schema that every input is also validated against, as a submission's data.
let contract = Repository.elderlyVisit

/// Parses the input as JSON; checks that it serializes (plain and RFC 8785 canonical) and parses back to
/// the same value; validates it against a shipped contract and the 2020-12 meta-schema; then compiles it
/// as a schema (format assertion on) and validates both the input itself and the contract's schema
/// document against it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let value = try? JSONParser().parse(input.bytes) else { return 0 }
    for text in [value.serialized(), value.canonicalBytes()] {
        let again = try? JSONParser().parse(text)
        invariant(
            again.map { $0.isJSONEqual(to: value) } ?? false,
            "\(String(decoding: text, as: UTF8.self)) does not parse back to the value it was written from")
    }
    _ = contract.validate(value)
    _ = JSONSchemaValidator.metaSchema.validate(value)
    guard let schema = try? JSONSchemaValidator(schema: value, options: JSONSchemaOptions(formatAssertion: true))
    else { return 0 }
    _ = schema.validate(value)
    _ = schema.validate(contract.schema)
    return 0
}

/// Hands the process to libFuzzer.
@main
enum FuzzTarget {
    static func main() {
        FuzzerDriver.run(fuzz)
    }
}
