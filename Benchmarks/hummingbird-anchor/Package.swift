// swift-tools-version:6.0
// Benchmark-only comparison server: a few lines of Hummingbird 2 returning a fixed JSON body (issue 5's anchor).
// Not part of the product; built only by Scripts/bench.
import PackageDescription

let package = Package(
    name: "hummingbird-anchor",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1")
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdAnchor",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        )
    ],
    swiftLanguageModes: [.v6]
)
