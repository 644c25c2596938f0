/// Character-set decisions made before parsing, so that libxml2 never guesses.
///
/// Order: a byte-order mark wins; then a `charset=` declared in the first 8 KiB (a `<meta charset>` or
/// `http-equiv` content type); with none, UTF-8. A page that declares a legacy charset but is valid UTF-8 with
/// non-ASCII bytes in it is read as UTF-8 (mislabelled pages are common, and such bytes are almost never valid
/// UTF-8 by chance). A page read as UTF-8 that is not valid UTF-8 has its bad sequences replaced by U+FFFD first,
/// because libxml2 would otherwise switch to Latin-1 halfway through.
enum Charset {
    /// The bytes to parse and the encoding name to hand libxml2.
    static func prepare(_ bytes: [UInt8]) -> (bytes: [UInt8], encoding: String) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (utf8Repaired(Array(bytes.dropFirst(3))), "UTF-8") }
        if bytes.starts(with: [0xFF, 0xFE]) { return (Array(bytes.dropFirst(2)), "UTF-16LE") }
        if bytes.starts(with: [0xFE, 0xFF]) { return (Array(bytes.dropFirst(2)), "UTF-16BE") }
        let declared = declaredCharset(bytes).map(canonicalName)
        if let declared, declared != "UTF-8" {
            if !isASCII(bytes) && isValidUTF8(bytes) { return (bytes, "UTF-8") }
            return (bytes, declared)
        }
        return (utf8Repaired(bytes), "UTF-8")
    }

    /// The `charset=` value in the first 8 KiB, lower-cased, if any.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let window = bytes.prefix(8192)
        let needle = Array("charset".utf8)
        var index = window.startIndex
        while index + needle.count < window.endIndex {
            var matches = true
            for offset in 0..<needle.count where window[index + offset] | 0x20 != needle[offset] {
                matches = false
                break
            }
            if matches {
                var cursor = index + needle.count
                while cursor < window.endIndex, window[cursor] == 0x20 { cursor += 1 }
                if cursor < window.endIndex, window[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < window.endIndex, [0x20, 0x22, 0x27].contains(window[cursor]) { cursor += 1 }
                    var name: [UInt8] = []
                    while cursor < window.endIndex, name.count < 40 {
                        let byte = window[cursor]
                        let isNameByte = ClassHints.isTokenByte(byte) && byte < 0x80
                            || [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: ".")].contains(byte)
                        guard isNameByte else { break }
                        name.append(byte | (byte >= 65 && byte <= 90 ? 0x20 : 0))
                        cursor += 1
                    }
                    if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
                }
                index += needle.count
            } else {
                index += 1
            }
        }
        return nil
    }

    /// A name libxml2 (through iconv) knows, for the common aliases.
    static func canonicalName(_ name: String) -> String {
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        // HTML maps these labels to windows-1252 (WHATWG Encoding Standard).
        case "iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso8859-1", "l1", "cp1252": return "windows-1252"
        case "x-sjis", "sjis", "shift-jis", "ms_kanji", "windows-31j": return "Shift_JIS"
        case "gb2312", "gbk", "x-gbk": return "GB18030"
        case "ks_c_5601-1987", "euc-kr", "windows-949": return "EUC-KR"
        default: return name.uppercased()
        }
    }

    /// Whether every byte is below 0x80, eight at a time.
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            let count = raw.count
            while index + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < count {
                if raw[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
    }

    /// Whether the bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            let count = raw.count
            while index < count {
                if index + 8 <= count,
                    raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                    continue
                }
                let lead = raw[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                var low: UInt8 = 0x80
                var high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return false
                }
                guard index + length <= count else { return false }
                let second = raw[index + 1]
                guard second >= low && second <= high else { return false }
                for offset in 2..<max(2, length) where raw[index + offset] & 0xC0 != 0x80 { return false }
                index += length
            }
            return true
        }
    }

    /// The bytes unchanged when valid UTF-8, else with each bad sequence replaced by U+FFFD.
    static func utf8Repaired(_ bytes: [UInt8]) -> [UInt8] {
        if isValidUTF8(bytes) { return bytes }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}
