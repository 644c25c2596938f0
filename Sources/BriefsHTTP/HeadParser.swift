/// Parses a complete field section (request line + header fields) into a `RequestHead`. Pure functions over bytes
/// that `RequestParser` has already delimited: every line ends in CRLF and the last line is empty.
enum HeadParser {
    /// The head in `bytes`, or why it is not acceptable.
    static func head(_ bytes: ArraySlice<UInt8>, maxBodyBytes: Int) -> Result<RequestHead, HTTPParseError> {
        let lines = lines(bytes)
        guard let requestLine = lines.first else { return .failure(.invalidRequestLine) }
        let method: String
        let targetBytes: ArraySlice<UInt8>
        let version: HTTPVersion
        switch Self.requestLine(requestLine) {
        case .failure(let error): return .failure(error)
        case .success(let parts): (method, targetBytes, version) = parts
        }

        var headers = HTTPHeaders()
        headers.reserveCapacity(lines.count - 1)
        var framing = FramingFields()
        for line in lines.dropFirst() {
            switch field(line) {
            case .failure(let error): return .failure(error)
            case .success(let (name, value)):
                framing.note(name: name, value: value)
                headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
            }
        }

        // RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host field.
        if version != .http1_0 && framing.hostCount != 1 { return .failure(.invalidHost) }
        if framing.hostCount > 1 { return .failure(.invalidHost) }

        let bodyFraming: BodyFraming
        switch framing.bodyFraming(version: version, maxBodyBytes: maxBodyBytes) {
        case .failure(let error): return .failure(error)
        case .success(let value): bodyFraming = value
        }

        let target = String(decoding: targetBytes, as: UTF8.self)
        let path: String
        let queryItems: [(name: String, value: String)]
        if RequestTarget.isPlainPath(targetBytes) {
            // Nothing to decode: the path is the target itself, so it shares the target's storage.
            (path, queryItems) = (target, [])
        } else {
            guard let decoded = RequestTarget.decode(targetBytes, method: method) else {
                return .failure(.invalidTarget)
            }
            (path, queryItems) = decoded
        }
        let keepsAlive: Bool
        if framing.connectionTokens.contains("close") {
            keepsAlive = false
        } else if version == .http1_0 {
            keepsAlive = framing.connectionTokens.contains("keep-alive")
        } else {
            keepsAlive = true
        }
        // RFC 9110 §10.1.1: ignore 100-continue from HTTP/1.0 clients.
        let expectsContinue = version != .http1_0 && framing.expectsContinue
        return .success(
            RequestHead(
                method: method, target: target, path: path, queryItems: queryItems, version: version,
                headers: headers, framing: bodyFraming, expectsContinue: expectsContinue, keepsAlive: keepsAlive))
    }

    /// The lines of a field section, without their CRLF, up to (not including) the final empty line.
    static func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        // One allocation: every line ends in LF, the final empty line included.
        var lineFeeds = 0
        for byte in bytes where byte == .lf { lineFeeds += 1 }
        lines.reserveCapacity(max(lineFeeds - 1, 0))
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == .lf {
                let end = index - 1  // the CR, guaranteed by the scanner
                if end == start { break }
                lines.append(bytes[start..<end])
                start = index + 1
            }
            index += 1
        }
        return lines
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    static func requestLine(_ line: ArraySlice<UInt8>) -> Result<
        (method: String, target: ArraySlice<UInt8>, version: HTTPVersion), HTTPParseError
    > {
        guard let firstSpace = line.firstIndex(of: .space) else { return .failure(.invalidRequestLine) }
        let methodBytes = line[line.startIndex..<firstSpace]
        let rest = line[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: .space) else { return .failure(.invalidRequestLine) }
        let target = rest[rest.startIndex..<secondSpace]
        let versionBytes = rest[(secondSpace + 1)...]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(isTokenByte) else { return .failure(.invalidRequestLine) }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.invalidRequestLine)
        }
        guard let version = version(versionBytes) else { return .failure(.invalidRequestLine) }
        if version.major != 1 { return .failure(.unsupportedVersion(major: version.major, minor: version.minor)) }
        return .success((String(decoding: methodBytes, as: UTF8.self), target, version))
    }

    /// `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3).
    static func version(_ bytes: ArraySlice<UInt8>) -> HTTPVersion? {
        guard bytes.count == 8 else { return nil }
        let start = bytes.startIndex
        guard bytes[start] == UInt8(ascii: "H"), bytes[start + 1] == UInt8(ascii: "T"),
            bytes[start + 2] == UInt8(ascii: "T"), bytes[start + 3] == UInt8(ascii: "P"),
            bytes[start + 4] == UInt8(ascii: "/")
        else { return nil }
        let major = bytes[bytes.startIndex + 5]
        let dot = bytes[bytes.startIndex + 6]
        let minor = bytes[bytes.startIndex + 7]
        guard isDigit(major), dot == UInt8(ascii: "."), isDigit(minor) else { return nil }
        return HTTPVersion(major: Int(major - 0x30), minor: Int(minor - 0x30))
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5), returning name and trimmed value.
    static func field(_ line: ArraySlice<UInt8>) -> Result<
        (name: ArraySlice<UInt8>, value: ArraySlice<UInt8>), HTTPParseError
    > {
        guard let first = line.first else { return .failure(.invalidHeaderName) }
        if first == .space || first == .tab { return .failure(.obsoleteLineFolding) }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return .failure(.invalidHeaderName) }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return .failure(.invalidHeaderName) }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == .space || byte == .tab { value = value.dropFirst() }
        while let byte = value.last, byte == .space || byte == .tab { value = value.dropLast() }
        // RFC 9110 §5.5: field-vchar / SP / HTAB; NUL, CR and other controls are rejected outright.
        for byte in value where !(byte == .tab || (byte >= 0x20 && byte != 0x7F)) {
            return .failure(.invalidHeaderValue(name: String(decoding: name, as: UTF8.self)))
        }
        return .success((name, value))
    }

    /// `tchar` (RFC 9110 §5.6.2).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

/// The header fields that decide framing and connection handling, gathered while parsing.
struct FramingFields {
    var contentLengths: [ArraySlice<UInt8>] = []
    var transferEncodings: [ArraySlice<UInt8>] = []
    var hostCount = 0
    var connectionTokens: [String] = []
    var expectsContinue = false

    mutating func note(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
        if equalsIgnoringCase(name, "content-length") {
            contentLengths.append(value)
        } else if equalsIgnoringCase(name, "transfer-encoding") {
            transferEncodings.append(value)
        } else if equalsIgnoringCase(name, "host") {
            hostCount += 1
        } else if equalsIgnoringCase(name, "connection") {
            connectionTokens += listElements(value)
        } else if equalsIgnoringCase(name, "expect") {
            if listElements(value).contains("100-continue") { expectsContinue = true }
        }
    }

    /// RFC 9112 §6.1 and §6.3, strictly: anything ambiguous is an error rather than a guess, because a guess that
    /// differs from a proxy's is how requests get smuggled.
    func bodyFraming(version: HTTPVersion, maxBodyBytes: Int) -> Result<BodyFraming, HTTPParseError> {
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty { return .failure(.conflictingFraming) }
            if version == .http1_0 { return .failure(.invalidTransferEncoding) }
            let codings = transferEncodings.flatMap { listElements($0) }
            if let unknown = codings.first(where: { $0 != "chunked" }) {
                return .failure(.unsupportedTransferCoding(unknown))
            }
            guard codings.count == 1 else { return .failure(.invalidTransferEncoding) }
            return .success(.chunked)
        }
        guard !contentLengths.isEmpty else { return .success(.none) }
        var length: Int?
        for field in contentLengths {
            let elements = field.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            for element in elements {
                guard let value = Self.decimal(trimmed(element)) else { return .failure(.invalidContentLength) }
                if let previous = length, previous != value { return .failure(.invalidContentLength) }
                length = value
            }
        }
        guard let length else { return .failure(.invalidContentLength) }
        if length > maxBodyBytes { return .failure(.bodyTooLarge(limit: maxBodyBytes)) }
        return .success(length == 0 ? .none : .length(length))
    }

    /// `1*DIGIT` without sign or overflow.
    static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard HeadParser.isDigit(byte) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }
}

/// The non-empty, lower-cased, OWS-trimmed elements of a comma-separated list (RFC 9110 §5.6.1).
func listElements(_ value: ArraySlice<UInt8>) -> [String] {
    value.split(separator: UInt8(ascii: ","))
        .map { trimmed($0) }
        .filter { !$0.isEmpty }
        .map { String(decoding: $0.map(asciiLowercased), as: UTF8.self) }
}

func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var slice = bytes
    while let byte = slice.first, byte == .space || byte == .tab { slice = slice.dropFirst() }
    while let byte = slice.last, byte == .space || byte == .tab { slice = slice.dropLast() }
    return slice
}

func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
}

/// Compares bytes to a lower-case ASCII name, ignoring the case of the bytes.
func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercaseName: StaticString) -> Bool {
    guard bytes.count == lowercaseName.utf8CodeUnitCount else { return false }
    return lowercaseName.withUTF8Buffer { name in
        zip(bytes, name).allSatisfy { asciiLowercased($0) == $1 }
    }
}

/// The chunk-size line: `1*HEXDIG [ BWS ";" chunk-ext ]` (RFC 9112 §7.1.1).
enum ChunkLine {
    /// The chunk size, or nil when the line is malformed or the size overflows.
    static func size(_ line: ArraySlice<UInt8>) -> Int? {
        var index = line.startIndex
        var value = 0
        while index < line.endIndex, let digit = hexValue(line[index]) {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 16)
            if overflow { return nil }
            value = shifted + digit
            index += 1
        }
        guard index > line.startIndex else { return nil }
        let rest = line[index...]
        if rest.isEmpty { return value }
        // Extensions are ignored, but must be made of visible characters, SP and HTAB.
        let afterSpace = rest.drop { $0 == .space || $0 == .tab }
        guard afterSpace.first == UInt8(ascii: ";") else { return nil }
        guard afterSpace.allSatisfy({ $0 == .tab || ($0 >= 0x20 && $0 != 0x7F) }) else { return nil }
        return value
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - 0x41 + 10)
        default: return nil
        }
    }
}
