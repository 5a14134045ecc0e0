import Foundation
import GridwayJSON
import OrderedCollections
import Testing

@Suite struct JSONSchemaValidatorTests {
    static let visitSchema: JSONValue = [
        "$id": "https://gridway.example/contracts/elderly-visit.json",
        "type": "object",
        "required": ["visitDate", "age"],
        "properties": [
            "visitDate": ["type": "string", "format": "date"],
            "age": ["$ref": "#/$defs/age"],
            "tags": ["type": "array", "items": ["type": "string", "minLength": 2], "uniqueItems": true],
        ],
        "additionalProperties": false,
        "$defs": ["age": ["type": "integer", "minimum": 0, "maximum": 120]],
    ]

    func validator(_ schema: JSONValue, formatAssertion: Bool = true) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schema: schema, options: JSONSchemaOptions(formatAssertion: formatAssertion))
    }

    @Test func validInstanceHasNoErrors() throws {
        let result = try validator(Self.visitSchema).validate(["visitDate": "2024-05-01", "age": 81, "tags": ["home"]])
        #expect(result.valid)
        #expect(result.errors.isEmpty)
    }

    @Test func reportsEveryErrorWithLocations() throws {
        let result = try validator(Self.visitSchema).validate(["age": 130, "tags": ["a", "a"], "extra": true])
        #expect(!result.valid)
        let byKeyword = Dictionary(grouping: result.errors, by: { $0.keywordLocation.description })
        #expect(result.errors.count == 6, "\(result.errors)")

        let required = try #require(byKeyword["/required"]?.first)
        #expect(required.message == #"required property "visitDate" is missing"#)
        #expect(required.instanceLocation == .root)
        #expect(required.absoluteKeywordLocation == "https://gridway.example/contracts/elderly-visit.json#/required")

        let maximum = try #require(byKeyword["/properties/age/$ref/maximum"]?.first)
        #expect(maximum.message == "value 130 is greater than the maximum 120")
        #expect(maximum.instanceLocation.description == "/age")
        #expect(
            maximum.absoluteKeywordLocation == "https://gridway.example/contracts/elderly-visit.json#/$defs/age/maximum"
        )

        let minLength = try #require(byKeyword["/properties/tags/items/minLength"])
        #expect(minLength.map(\.instanceLocation.description) == ["/tags/0", "/tags/1"])
        #expect(minLength.first?.message == "string is 1 character long, shorter than the minimum length 2")

        let unique = try #require(byKeyword["/properties/tags/uniqueItems"]?.first)
        #expect(unique.message == "array items 0 and 1 are equal, but items must be unique")

        let additional = try #require(byKeyword["/additionalProperties"]?.first)
        #expect(additional.message == #"additional property "extra" is not allowed"#)
        #expect(additional.instanceLocation.description == "/extra")
    }

    @Test(
        arguments: [
            (["type": "string"], 5, "value 5 is of type integer, expected string"),
            (["type": ["string", "null"]], 1.5, "value 1.5 is of type number, expected one of string, null"),
            (["minimum": 5], 3, "value 3 is less than the minimum 5"),
            (["exclusiveMaximum": 10], 10, "value 10 is not less than the exclusive maximum 10"),
            (["exclusiveMinimum": 0], 0, "value 0 is not greater than the exclusive minimum 0"),
            (["multipleOf": 0.5], 1.25, "value 1.25 is not a multiple of 0.5"),
            (["maxLength": 2], "abc", "string is 3 characters long, longer than the maximum length 2"),
            (["pattern": "^[0-9]{6}$"], "12a", #"string "12a" does not match the pattern "^[0-9]{6}$""#),
            (["format": "date"], "2023-02-29", #"string "2023-02-29" is not a valid date"#),
            (["enum": ["a", "b"]], "c", #"value "c" is not one of the allowed values ["a","b"]"#),
            (["const": 1], 2, "value 2 is not the required constant 1"),
            (["minItems": 2], [1], "array has 1 item, fewer than the minimum 2"),
            (["maxProperties": 1], ["a": 1, "b": 2], "object has 2 properties, more than the maximum 1"),
            (["not": ["type": "null"]], nil, "value must not match the schema in \"not\""),
            (["contains": ["type": "string"]], [1], "array does not contain an item matching the \"contains\" schema"),
            (
                ["oneOf": [["type": "integer"], ["minimum": 0]]], 3,
                "value matches 2 schemas in \"oneOf\" (at indexes 0, 1), but must match exactly one"
            ),
            (["dependentRequired": ["a": ["b"]]], ["a": 1], #"property "b" is required when "a" is present"#),
            (false, 1, "no value is allowed here (the schema is false)"),
        ] as [(JSONValue, JSONValue, String)])
    func messages(_ schema: JSONValue, _ instance: JSONValue, _ message: String) throws {
        let result = try validator(schema).validate(instance)
        #expect(!result.valid)
        #expect(result.errors.first?.message == message)
    }

    @Test func anyOfReportsBranchErrors() throws {
        let result = try validator(["anyOf": [["type": "string"], ["type": "integer", "minimum": 10]]]).validate(5)
        #expect(result.errors.map(\.keywordLocation.description) == ["/anyOf", "/anyOf/0/type", "/anyOf/1/minimum"])
        #expect(result.errors.first?.message == "value does not match any of the 2 schemas in \"anyOf\"")
    }

    @Test func unevaluatedPropertiesUsesAnnotations() throws {
        let schema: JSONValue = [
            "allOf": [["properties": ["a": true, "kind": true]]],
            "if": ["required": ["kind"], "properties": ["kind": ["const": "x"]]],
            "then": ["properties": ["x": true]],
            "unevaluatedProperties": false,
        ]
        let validator = try validator(schema)
        #expect(validator.isValid(["a": 1, "kind": "x", "x": 2]))
        let result = validator.validate(["a": 1, "kind": "y", "x": 2])
        #expect(result.errors.map(\.message) == [#"unevaluated property "x" is not allowed"#])
        #expect(result.errors.first?.instanceLocation.description == "/x")
    }

    @Test func formatIsAnnotationByDefault() throws {
        let schema: JSONValue = ["format": "email"]
        #expect(try validator(schema, formatAssertion: false).isValid("not an email"))
        #expect(try !validator(schema, formatAssertion: true).isValid("not an email"))
        #expect(try validator(schema, formatAssertion: true).isValid("ops@gridway.example"))
    }

    @Test func multipleOfIsExactForDecimals() throws {
        let validator = try validator(["multipleOf": 0.0001])
        #expect(validator.isValid(0.0075))
        #expect(validator.isValid(19.99))
        #expect(!validator.isValid(0.00751))
        #expect(try self.validator(["type": "integer"]).isValid(1.0))
    }

    @Test func stringLengthCountsCodePoints() throws {
        #expect(try validator(["maxLength": 2]).isValid("💩💩"))
        #expect(try validator(["minLength": 2]).isValid("社区"))
    }

    @Test func resolvesRegisteredDocumentsWithoutNetwork() throws {
        var registry = JSONSchemaRegistry()
        registry.register(
            ["$defs": ["code": ["type": "string", "pattern": "^[0-9]{6,12}$"]]],
            uri: "https://gridway.example/common.json")
        let validator = try JSONSchemaValidator(
            schema: ["$ref": "https://gridway.example/common.json#/$defs/code"], registry: registry
        )
        #expect(validator.isValid("210102"))
        let error = try #require(validator.validate("x").errors.first)
        #expect(error.keywordLocation.description == "/$ref/pattern")
        #expect(error.absoluteKeywordLocation == "https://gridway.example/common.json#/$defs/code/pattern")
        #expect(registry.document(for: "https://gridway.example/common.json#") != nil)
    }

    @Test func anonymousSchemasHaveNoAbsoluteLocation() throws {
        let error = try #require(try validator(["minimum": 1]).validate(0).errors.first)
        #expect(error.absoluteKeywordLocation == nil)
        #expect(error.keywordLocation.description == "/minimum")
    }

    @Test(
        arguments: [
            (["$ref": "#/$defs/missing"], "/$ref", "cannot resolve reference \"#/$defs/missing\""),
            (["$ref": "https://elsewhere.example/schema.json"], "/$ref", "cannot resolve reference"),
            (["type": "text"], "/type", "unknown type \"text\""),
            (["minLength": -1], "/minLength", "\"minLength\" must be a non-negative integer"),
            (["pattern": "(unclosed"], "/pattern", "invalid regular expression"),
            (["properties": ["a": 5]], "/properties/a", "a schema must be an object or a boolean"),
            (["multipleOf": 0], "/multipleOf", "\"multipleOf\" must be greater than 0"),
        ] as [(JSONValue, String, String)])
    func compileErrors(_ schema: JSONValue, _ location: String, _ reason: String) {
        #expect {
            _ = try JSONSchemaValidator(schema: schema)
        } throws: { error in
            guard let error = error as? JSONSchemaCompileError else { return false }
            #expect(error.location.hasSuffix("#" + location))
            #expect(error.reason.hasPrefix(reason))
            return true
        }
    }

    @Test func metaSchemaValidatesSchemas() {
        #expect(JSONSchemaValidator.metaSchema.isValid(Self.visitSchema))
        let result = JSONSchemaValidator.metaSchema.validate([
            "type": "object", "properties": ["age": ["minimum": "zero"]], "required": "age",
        ])
        #expect(!result.valid)
        let locations = Set(result.errors.map(\.instanceLocation.description))
        #expect(locations.contains("/properties/age/minimum"))
        #expect(locations.contains("/required"))
        #expect(result.errors.contains { $0.message == #"value "zero" is of type string, expected number"# })
    }

    @Test func encodesBasicOutputShape() throws {
        let result = try validator(["required": ["x"]]).validate([:])
        let encoded = try JSONValue(parsing: JSONEncoder().encode(result))
        #expect(encoded["valid"] == false)
        #expect(encoded["errors"]?[0]?["keywordLocation"] == "/required")
        #expect(encoded["errors"]?[0]?["instanceLocation"] == "")
        #expect(encoded["errors"]?[0]?["error"] == #"required property "x" is missing"#)
        let decoded = try JSONDecoder().decode(JSONSchemaValidationResult.self, from: JSONEncoder().encode(result))
        #expect(decoded == result)
    }

    @Test func absoluteLocationsAreValidURIFragments() throws {
        let schema: JSONValue = [
            "$id": "https://gridway.example/s.json",
            "properties": ["visit date": ["type": "string"], "年龄": ["minimum": 0]],
        ]
        let errors = try validator(schema).validate(["visit date": 1, "年龄": -1]).errors
        #expect(
            errors.map(\.absoluteKeywordLocation) == [
                "https://gridway.example/s.json#/properties/visit%20date/type",
                "https://gridway.example/s.json#/properties/年龄/minimum",
            ])
        #expect(errors.map(\.keywordLocation.description) == ["/properties/visit date/type", "/properties/年龄/minimum"])
    }

    @Test func deepRecursionIsBoundedAndSafe() async throws {
        let tree = try validator(["type": "array", "items": ["$ref": "#"]])
        var deep: JSONValue = []
        for _ in 0..<255 { deep = [deep] }
        let instance = deep
        let valid = await Task.detached { tree.isValid(instance) && tree.validate(instance).valid }.value
        #expect(valid)
        let loop = try validator([
            "$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a",
        ])
        let result = await Task.detached { loop.validate(1) }.value
        #expect(!result.valid)
        #expect(result.errors.first?.message.hasPrefix("schema recursion deeper than") == true)
    }

    @Test func validatorIsSendableAcrossTasks() async throws {
        let validator = try validator([
            "$ref": .string(Self.visitSchema["$id"]!.stringValue!),
            "properties": ["unit": ["pattern": "^[0-9]{6}([0-9]{3}){0,2}$"]],
            "$defs": ["visit": Self.visitSchema.withUnit],
        ])
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for age in 0..<50 {
                group.addTask {
                    validator.isValid(["visitDate": "2024-01-01", "unit": "210102001", "age": .integer(Int64(age * 3))])
                        && !validator.isValid(["visitDate": "2024-01-01", "unit": "21010", "age": 1])
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 41)
    }
}

extension JSONValue {
    /// The visit schema with a `unit` property allowed.
    fileprivate var withUnit: JSONValue {
        guard case .object(var members) = self, case .object(var properties)? = members["properties"] else {
            return self
        }
        properties["unit"] = ["type": "string"]
        members["properties"] = .object(properties)
        return .object(members)
    }
}
