// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "newsbriefs",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "newsbriefs", targets: ["newsbriefs"]),
        // For the benchmark packages under Benchmarks/, which depend on this package by path.
        .library(name: "BriefsApp", targets: ["BriefsApp"]),
        // For the fuzzing package under Fuzz/, which depends on this package by path.
        .library(name: "BriefsHTTP", targets: ["BriefsHTTP"]),
        .library(name: "BriefsDomain", targets: ["BriefsDomain"]),
        .library(name: "BriefsHTML", targets: ["BriefsHTML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C libraries from the system, through module maps.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // Pure modules: no sockets, no files.
        .target(name: "BriefsCrypto", dependencies: ["COpenSSL"]),
        .target(name: "BriefsHTTP"),
        .target(name: "BriefsDomain"),
        .target(name: "BriefsHTML", dependencies: ["BriefsDomain", "CLibXML2"]),
        // I/O layers.
        .target(
            name: "BriefsServer",
            dependencies: ["BriefsHTTP", "BriefsCrypto", "COpenSSL", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "BriefsStore", dependencies: ["BriefsDomain"]),
        .target(
            name: "BriefsApp",
            dependencies: [
                "BriefsHTTP", "BriefsServer", "BriefsDomain", "BriefsHTML", "BriefsStore", "BriefsCrypto",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "newsbriefs",
            dependencies: [
                "BriefsApp", "BriefsDomain", "BriefsHTML", "BriefsStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "BriefsCryptoTests", dependencies: ["BriefsCrypto"]),
        .testTarget(name: "BriefsHTTPTests", dependencies: ["BriefsHTTP"]),
        .testTarget(
            name: "BriefsServerTests",
            dependencies: ["BriefsServer", "BriefsHTTP", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "BriefsDomainTests", dependencies: ["BriefsDomain"], exclude: ["Fixtures"]),
        .testTarget(name: "BriefsHTMLTests", dependencies: ["BriefsHTML", "BriefsDomain"]),
        .testTarget(name: "BriefsStoreTests", dependencies: ["BriefsStore", "BriefsDomain"]),
        .testTarget(
            name: "BriefsAppTests",
            dependencies: [
                "BriefsApp", "BriefsHTTP", "BriefsServer", "BriefsDomain", "BriefsStore", "newsbriefs",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
