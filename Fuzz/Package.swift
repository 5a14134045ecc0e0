// swift-tools-version: 6.1
// libFuzzer targets for Gridway's parsers of outside input. Not part of the main package: build and run
// them with `Fuzz/run.sh` (see Fuzz/README.md), which passes `-sanitize=fuzzer,address` to every Swift
// module so the parsers themselves are instrumented, not only these harnesses.
import PackageDescription

let fuzzTargets = [
    "FuzzJSONSchema", "FuzzJSONPath", "FuzzManifest", "FuzzCSV", "FuzzXML", "FuzzGB18030", "FuzzSubmission", "FuzzHTML",
    "FuzzRequestIntegers",
]

let package = Package(
    name: "GridwayFuzz",
    platforms: [.macOS(.v15)],
    products: fuzzTargets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(name: "Gridway", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(name: "CFuzzerDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzerDriver", .product(name: "GridwayJSON", package: "Gridway")]
        ),
        .target(
            name: "FuzzCatalog",
            dependencies: [
                "FuzzSupport",
                .product(name: "GridwayCore", package: "Gridway"),
                .product(name: "GridwayFiles", package: "Gridway"),
            ]
        ),
        .executableTarget(
            name: "FuzzJSONSchema",
            dependencies: ["FuzzSupport", .product(name: "GridwayJSON", package: "Gridway")]
        ),
        .executableTarget(
            name: "FuzzJSONPath",
            dependencies: ["FuzzSupport", .product(name: "GridwayJSON", package: "Gridway")]
        ),
        .executableTarget(
            name: "FuzzManifest",
            dependencies: [
                "FuzzSupport", "FuzzCatalog", .product(name: "GridwayCore", package: "Gridway"),
                .product(name: "GridwayAdapters", package: "Gridway"),
            ]
        ),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [
                "FuzzSupport", .product(name: "GridwayCore", package: "Gridway"),
                .product(name: "GridwayJSON", package: "Gridway"),
                .product(name: "GridwayAdapters", package: "Gridway"),
            ]
        ),
        .executableTarget(
            name: "FuzzXML",
            dependencies: [
                "FuzzSupport", .product(name: "GridwayCore", package: "Gridway"),
                .product(name: "GridwayJSON", package: "Gridway"),
                .product(name: "GridwayAdapters", package: "Gridway"),
            ]
        ),
        .executableTarget(
            name: "FuzzGB18030",
            dependencies: ["FuzzSupport", .product(name: "GridwayAdapters", package: "Gridway")]
        ),
        .executableTarget(
            name: "FuzzSubmission",
            dependencies: [
                "FuzzSupport", "FuzzCatalog", .product(name: "GridwayCore", package: "Gridway"),
                .product(name: "GridwayJSON", package: "Gridway"), .product(name: "GridwayServer", package: "Gridway"),
            ]
        ),
        .executableTarget(
            name: "FuzzHTML",
            dependencies: ["FuzzSupport", .product(name: "GridwayServer", package: "Gridway")]
        ),
        .executableTarget(
            name: "FuzzRequestIntegers",
            dependencies: [
                "FuzzSupport", "FuzzCatalog", .product(name: "GridwayServer", package: "Gridway"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
