// swift-tools-version:6.0
// In-process pipeline benchmark (issue 5). The top-level package exports no library product, so this package builds
// the project's own modules from symlinks into ../../Sources (the same files, compiled here in release) and adds one
// executable that times the pipeline stages. Run through Scripts/bench.
import PackageDescription

let package = Package(
    name: "pipeline-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0")
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl"),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0"),
        .target(name: "BriefsCrypto", dependencies: ["COpenSSL"]),
        .target(name: "BriefsHTTP"),
        .target(name: "BriefsDomain"),
        .target(name: "BriefsHTML", dependencies: ["BriefsDomain", "CLibXML2"]),
        .target(
            name: "BriefsServer",
            dependencies: ["BriefsHTTP", "BriefsCrypto", .product(name: "Logging", package: "swift-log")]
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
            name: "PipelineBench",
            dependencies: ["BriefsApp", "BriefsDomain", "BriefsHTML", "BriefsStore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
