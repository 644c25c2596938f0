import FuzzTargets

/// libFuzzer's entry point: one input per call. libFuzzer provides `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    HTTPParserTarget.run(FuzzInput.bytes(data, size))
    return 0
}
