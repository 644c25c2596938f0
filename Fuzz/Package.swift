// swift-tools-version:6.0
// libFuzzer targets (issue 6). A separate package so that the root `swift build` / `swift test` never see the
// fuzzing flags; it uses the project's modules through the root package's library products. Build and run it through
// Scripts/fuzz, which passes `--sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address` (libFuzzer supplies `main`, hence
// `-parse-as-library` for the entry-point targets) and `-enable-testing` (the JSON target reaches the internal
// `ArticleInputDecoder` through `@testable import`).
import PackageDescription

/// One executable per target: a file with the `LLVMFuzzerTestOneInput` entry point calling into `FuzzTargets`.
let entryPoints = [
    "fuzz-http-parser", "fuzz-chunked", "fuzz-json-ingest", "fuzz-text-cleaner", "fuzz-html-cleaner", "fuzz-facts",
]

let package = Package(
    name: "newsbriefs-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "newsbriefs", path: "..")
    ],
    targets: [
        .target(
            name: "FuzzTargets",
            dependencies: [
                .product(name: "BriefsHTTP", package: "newsbriefs"),
                .product(name: "BriefsDomain", package: "newsbriefs"),
                .product(name: "BriefsHTML", package: "newsbriefs"),
                .product(name: "BriefsApp", package: "newsbriefs"),
            ]
        )
    ] + entryPoints.map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzTargets"],
            path: "Sources/EntryPoints/\(name)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    },
    swiftLanguageModes: [.v6]
)
