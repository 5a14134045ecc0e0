// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Gridway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gridway", targets: ["gridway"]),
        .library(name: "GridwayJSON", targets: ["GridwayJSON"]),
        .library(name: "GridwayCore", targets: ["GridwayCore"]),
        .library(name: "GridwayFiles", targets: ["GridwayFiles"]),
        .library(name: "GridwayAdapters", targets: ["GridwayAdapters"]),
        .library(name: "GridwayDelivery", targets: ["GridwayDelivery"]),
        .library(name: "GridwayStore", targets: ["GridwayStore"]),
        .library(name: "GridwaySQLite", targets: ["GridwaySQLite"]),
        .library(name: "GridwayPostgres", targets: ["GridwayPostgres"]),
        .library(name: "GridwayServer", targets: ["GridwayServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .target(
            name: "GridwayJSON",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(
            name: "GridwayCore",
            dependencies: [
                "GridwayJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "GridwayFiles",
            dependencies: ["GridwayCore", "GridwayJSON"]
        ),
        .target(
            name: "GridwayAdapters",
            dependencies: [
                "GridwayCore",
                "GridwayFiles",
                "GridwayJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "GridwayDelivery",
            dependencies: [
                "GridwayCore",
                "GridwayJSON",
                "GridwayAdapters",
                "GridwayStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "GridwayStore",
            dependencies: [
                "GridwayCore",
                "GridwayJSON",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .target(
            name: "GridwaySQLite",
            dependencies: [
                "GridwayCore",
                "GridwayJSON",
                "GridwayStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "GridwayPostgres",
            dependencies: [
                "GridwayCore",
                "GridwayJSON",
                "GridwayStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "GridwayServer",
            dependencies: [
                "GridwayCore",
                "GridwayJSON",
                "GridwayAdapters",
                "GridwayDelivery",
                "GridwayStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/portal")]
        ),
        .target(
            name: "GridwayStandIns",
            dependencies: [
                "GridwayCore",
                "GridwayJSON",
                "GridwayAdapters",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "GridwaySwiftAdapters",
            dependencies: [
                "GridwayCore",
                "GridwayJSON",
                "GridwayAdapters",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            path: "adapters/street-safety-legacy",
            exclude: ["README.md", "fixtures"],
            sources: ["Sources"]
        ),
        .executableTarget(
            name: "gridway",
            dependencies: [
                "GridwayCore",
                "GridwayFiles",
                "GridwayJSON",
                "GridwayAdapters",
                "GridwayDelivery",
                "GridwayStore",
                "GridwaySQLite",
                "GridwayPostgres",
                "GridwayServer",
                "GridwayStandIns",
                "GridwaySwiftAdapters",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "GridwayBenchmarks",
            dependencies: [
                "GridwayCore",
                "GridwayFiles",
                "GridwayJSON",
                "GridwayAdapters",
                "GridwayStore",
                "GridwaySQLite",
                "GridwayStandIns",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            path: "Benchmarks/Sources/GridwayBenchmarks"
        ),
        .target(name: "GridwayTestSupport", path: "Tests/GridwayTestSupport"),
        .testTarget(
            name: "GridwayJSONTests",
            dependencies: ["GridwayJSON", .product(name: "OrderedCollections", package: "swift-collections")]),
        .testTarget(
            name: "GridwayCoreTests",
            dependencies: [
                "GridwayCore", "GridwayFiles", "GridwayJSON",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]),
        .testTarget(
            name: "GridwayAdaptersTests",
            dependencies: [
                "GridwayAdapters", "GridwayCore", "GridwayFiles", "GridwayJSON",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "GridwayDeliveryTests",
            dependencies: [
                "GridwayDelivery", "GridwayAdapters", "GridwayCore", "GridwayFiles", "GridwayJSON", "GridwaySQLite",
                "GridwayStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .testTarget(
            name: "GridwayStoreTests",
            dependencies: [
                "GridwayCore", "GridwayStore", "GridwaySQLite", "GridwayPostgres", "GridwayFiles", "GridwayJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "GridwayServerTests",
            dependencies: [
                "GridwayServer",
                "GridwayAdapters",
                "GridwayCore",
                "GridwayDelivery",
                "GridwayFiles",
                "GridwayJSON",
                "GridwaySQLite",
                "GridwayStandIns",
                "GridwayStore",
                "GridwayTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "GridwayCommandTests",
            dependencies: [
                "gridway", "GridwayCore", "GridwayFiles", "GridwayJSON", "GridwayAdapters", "GridwayStandIns",
                "GridwayStore", "GridwaySQLite", "GridwayPostgres", "GridwayTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// Every target builds with the same settings, as Hummingbird's do: existential types spelled `any`, and a
/// member usable only in a file that imports the module declaring it.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
