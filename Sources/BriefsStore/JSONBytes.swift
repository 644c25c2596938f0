/// Byte-level JSON writing and reading for the store's own files (journal lines and snapshots).
///
/// Foundation's `JSONEncoder`/`JSONDecoder` build a tree of boxed values for every article; at 100,000 articles
/// that dominated snapshot and start-up time. These two types write and read JSON text directly over bytes, for
/// the fixed shapes the store knows (`ArticleJSON`). They are not general-purpose: no pretty printing, and the reader
/// pulls values in the order the caller asks for them.

/// Appends JSON text to a byte buffer. Strings are escaped as Foundation's `JSONEncoder` escapes them with
/// `.withoutEscapingSlashes`, so the app also writes its hot responses (the POST answer) with it.
package struct JSONWriter {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    package mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// `"key":` (the key must need no escaping).
    package mutating func key(_ name: StaticString) {
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    /// A JSON string: `"`, `\` and control characters escaped (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`); every
    /// other byte, including non-ASCII UTF-8 and `/`, as it is.
    package mutating func string(_ text: String) {
        bytes.append(0x22)
        var copy = text
        copy.withUTF8 { appendEscaped($0) }
        bytes.append(0x22)
    }

    /// A JSON string, or `null` for nil.
    package mutating func string(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    package mutating func string(_ text: Substring) {
        bytes.append(0x22)
        var copy = text
        copy.withUTF8 { appendEscaped($0) }
        bytes.append(0x22)
    }

    /// A JSON string from UTF-8 bytes (escaped as `string(_:)` escapes).
    package mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        appendEscaped(text)
        bytes.append(0x22)
    }

    private mutating func appendEscaped(_ buffer: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = buffer.count
        while index < count {
            let byte = buffer[index]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                index += 1
                continue
            }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index])) }
            bytes.append(0x5C)
            switch byte {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x0A: bytes.append(0x6E)
            case 0x0D: bytes.append(0x72)
            case 0x09: bytes.append(0x74)
            case 0x08: bytes.append(0x62)
            case 0x0C: bytes.append(0x66)
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
            runStart = index
        }
        if runStart < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<count])) }
    }

    package mutating func int(_ value: Int) {
        if value < 0 {
            bytes.append(0x2D)
            if value == Int.min {
                bytes.append(contentsOf: Array(String(value).utf8.dropFirst()))
                return
            }
        }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// A finite double in Swift's shortest round-trip form (`0.5`, `1.0`, `1e-05`: all valid JSON numbers).
    /// - Throws: `JSONValueError` for NaN and infinities, which JSON can't hold.
    mutating func double(_ value: Double) throws(JSONValueError) {
        guard value.isFinite else { throw JSONValueError() }
        if value == value.rounded(), abs(value) < 1e15 {
            int(Int(value))
            return
        }
        bytes.append(contentsOf: Array(value.description.utf8))
    }

    package mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }
}

/// A value JSON can't represent (a NaN or infinite number).
struct JSONValueError: Error {}

/// Why JSON text could not be read: a short reason and the byte offset.
struct JSONReadError: Error, Equatable {
    var reason: String
    var offset: Int
}

/// A pull reader over JSON bytes. The caller asks for the value it expects next; anything else throws
/// `JSONReadError`. Strings without escapes are made in one step from their bytes.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.index = start
        self.end = end ?? bytes.count
    }

    func error(_ reason: String) -> JSONReadError {
        JSONReadError(reason: reason, offset: index)
    }

    mutating func skipWhitespace() {
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// The next non-blank byte, without consuming it.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < end ? bytes[index] : nil
    }

    mutating func expect(_ byte: UInt8) throws(JSONReadError) {
        guard peek() == byte else { throw error("expected \(Character(Unicode.Scalar(byte)))") }
        index += 1
    }

    /// Whether only blanks are left.
    mutating func isAtEnd() -> Bool {
        peek() == nil
    }

    /// Consumes `null` when it comes next.
    mutating func readNull() -> Bool {
        guard peek() == 0x6E, index + 4 <= end, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C,
            bytes[index + 3] == 0x6C
        else { return false }
        index += 4
        return true
    }

    mutating func readBool() throws(JSONReadError) -> Bool {
        switch peek() {
        case 0x74:
            guard index + 4 <= end, bytes[index + 1] == 0x72, bytes[index + 2] == 0x75, bytes[index + 3] == 0x65 else {
                throw error("bad literal")
            }
            index += 4
            return true
        case 0x66:
            guard index + 5 <= end, bytes[index + 1] == 0x61, bytes[index + 2] == 0x6C, bytes[index + 3] == 0x73,
                bytes[index + 4] == 0x65
            else { throw error("bad literal") }
            index += 5
            return false
        default: throw error("expected a boolean")
        }
    }

    /// The extent of a number token, checked against the JSON grammar.
    private mutating func numberToken() throws(JSONReadError) -> (start: Int, end: Int, isInteger: Bool) {
        skipWhitespace()
        let start = index
        var isInteger = true
        if index < end && bytes[index] == 0x2D { index += 1 }
        let digitsStart = index
        while index < end, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        guard index > digitsStart else { throw error("expected a number") }
        if bytes[digitsStart] == 0x30 && index - digitsStart > 1 { throw error("leading zero") }
        if index < end && bytes[index] == 0x2E {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < end, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index > fractionStart else { throw error("bad number") }
        }
        if index < end && (bytes[index] == 0x65 || bytes[index] == 0x45) {
            isInteger = false
            index += 1
            if index < end && (bytes[index] == 0x2B || bytes[index] == 0x2D) { index += 1 }
            let exponentStart = index
            while index < end, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index > exponentStart else { throw error("bad number") }
        }
        return (start, index, isInteger)
    }

    mutating func readInt() throws(JSONReadError) -> Int {
        let token = try numberToken()
        guard token.isInteger else {
            // JSONDecoder accepts 3.0 for an Int; so do we, when the value is integral.
            let value = try double(token)
            guard value == value.rounded(), abs(value) < 9.0e18 else { throw error("expected an integer") }
            return Int(value)
        }
        var position = token.start
        let negative = bytes[position] == 0x2D
        if negative { position += 1 }
        var value = 0
        while position < token.end {
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int(bytes[position] - 0x30))
            guard !overflow1 && !overflow2 else { throw error("integer out of range") }
            value = sum
            position += 1
        }
        return negative ? -value : value
    }

    mutating func readDouble() throws(JSONReadError) -> Double {
        let token = try numberToken()
        if token.isInteger && token.end - token.start < 16 {
            var position = token.start
            let negative = bytes[position] == 0x2D
            if negative { position += 1 }
            var value = 0
            while position < token.end {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            return Double(negative ? -value : value)
        }
        return try double(token)
    }

    private func double(_ token: (start: Int, end: Int, isInteger: Bool)) throws(JSONReadError) -> Double {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw JSONReadError(reason: "bad number", offset: token.start) }
        return value
    }

    mutating func readString() throws(JSONReadError) -> String {
        guard peek() == 0x22 else { throw error("expected a string") }
        index += 1
        let start = index
        while index < end {
            let byte = bytes[index]
            if byte == 0x22 {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == 0x5C { return try readEscapedString(from: start) }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        throw error("unterminated string")
    }

    /// The slow path of `readString`: the string holds escapes. `start` is just after the opening quote.
    private mutating func readEscapedString(from start: Int) throws(JSONReadError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(index - start + 256)
        var runStart = start
        while index < end {
            let byte = bytes[index]
            if byte != 0x22 && byte != 0x5C {
                if byte < 0x20 { throw error("control character in a string") }
                index += 1
                continue
            }
            // Copy the plain run before this quote or backslash in one step.
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            if byte == 0x22 {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            guard index + 1 < end else { break }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by `\u` and a low one (RFC 8259 §7).
                    guard index + 1 < end, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                        throw error("lone surrogate")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("lone surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("bad escape") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: throw error("bad escape")
            }
            runStart = index
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard index + 4 <= end else { throw error("bad escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw error("bad escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Reads an object, calling `body` with each key; `body` must read (or skip) that key's value.
    mutating func readObject(_ body: (inout JSONReader, String) throws(JSONReadError) -> Void) throws(JSONReadError) {
        try expect(0x7B)
        if peek() == 0x7D {
            index += 1
            return
        }
        while true {
            let key = try readString()
            try expect(0x3A)
            try body(&self, key)
            switch peek() {
            case 0x2C: index += 1
            case 0x7D:
                index += 1
                return
            default: throw error("expected , or }")
            }
        }
    }

    /// Reads an array, calling `body` once per element; `body` must read that element.
    mutating func readArray(_ body: (inout JSONReader) throws(JSONReadError) -> Void) throws(JSONReadError) {
        try expect(0x5B)
        if peek() == 0x5D {
            index += 1
            return
        }
        while true {
            try body(&self)
            switch peek() {
            case 0x2C: index += 1
            case 0x5D:
                index += 1
                return
            default: throw error("expected , or ]")
            }
        }
    }

    /// Skips one value of any kind (unknown keys are ignored, as `JSONDecoder` does).
    mutating func skipValue() throws(JSONReadError) {
        switch peek() {
        case 0x7B: try readObject { (reader, _) throws(JSONReadError) in try reader.skipValue() }
        case 0x5B: try readArray { (reader) throws(JSONReadError) in try reader.skipValue() }
        case 0x22: _ = try readString()
        case 0x74, 0x66: _ = try readBool()
        case 0x6E: guard readNull() else { throw error("bad literal") }
        default: _ = try numberToken()
        }
    }
}

/// Makes equal strings share one storage while a file is read (names, titles, units repeat across articles).
/// Strings of up to 15 UTF-8 bytes are stored inline by Swift and are left alone.
struct StringInterner {
    private var strings = Set<String>()

    mutating func intern(_ text: String) -> String {
        guard text.utf8.count > 15 else { return text }
        return strings.insert(text).memberAfterInsert
    }
}
