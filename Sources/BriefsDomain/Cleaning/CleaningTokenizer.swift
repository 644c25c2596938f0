/// Scalar classes and word splitting over UTF-8 bytes, shared by the lexicon loader and the block scanner.
///
/// A *word* is a maximal run of letters, digits and marks (roughly the scorer's `\w+`), except that CJK ideographs
/// and kana are not joined into words (Japanese and Chinese have no spaces; they are counted per character instead),
/// and `©` is a word of its own so that cue lists can name it. Punctuation is recognised by code-point ranges, not
/// Unicode property look-ups, to keep the scan cheap.
enum CleaningTokenizer {
    enum ScalarClass {
        case word, cjk, other
    }

    /// The class of scalar `value`.
    @inline(__always)
    static func scalarClass(_ value: UInt32) -> ScalarClass {
        if value < 0x80 {
            if value >= 0x61 && value <= 0x7A { return .word }
            if value >= 0x41 && value <= 0x5A { return .word }
            if value >= 0x30 && value <= 0x39 { return .word }
            return value == 0x5F ? .word : .other
        }
        if value < 0xC0 { return (value == 0xAA || value == 0xB5 || value == 0xBA) ? .word : .other }
        if value == 0xD7 || value == 0xF7 { return .other }
        if value < 0x2000 { return .word }
        if value < 0x2C00 { return .other }  // general punctuation, currency, symbols, arrows, dingbats
        if value >= 0x3000 && value < 0x3040 { return .other }  // CJK punctuation
        if value >= 0x3040 && value < 0x3100 { return .cjk }  // kana
        if value >= 0x3400 && value < 0xA000 { return .cjk }  // CJK ideographs
        if value >= 0xE000 && value < 0xF900 { return .other }  // private use
        if value >= 0xF900 && value < 0xFB00 { return .cjk }
        if value >= 0xFE30 && value < 0xFE70 { return .other }
        if value >= 0xFF00 && value < 0xFF10 { return .other }
        if value >= 0xFF1A && value < 0xFF21 { return .other }
        if value >= 0xFF3B && value < 0xFF41 { return .other }
        if value >= 0xFF5B && value < 0xFF66 { return .other }
        if value >= 0xFFF0 && value < 0x10000 { return .other }  // specials, U+FFFD
        if value >= 0x1F000 { return .other }  // emoji and symbols, private use planes
        return .word
    }

    /// Decodes the scalar starting at `index`; returns its value and byte length (1 for a stray byte).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let count = bytes.count
        if lead >= 0xC2 && lead < 0xE0, index + 1 < count {
            return ((UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        if lead >= 0xE0 && lead < 0xF0, index + 2 < count {
            return (
                (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F),
                3
            )
        }
        if lead >= 0xF0 && lead < 0xF5, index + 3 < count {
            return (
                (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                    | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F),
                4
            )
        }
        return (0xFFFD, 1)
    }

    /// Whether `value` ends a sentence (`.`, `!`, `?`, `…` and their CJK/full-width forms).
    @inline(__always)
    static func isSentenceEnd(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x21 || value == 0x3F || value == 0x2026 || value == 0x3002 || value == 0xFF01
            || value == 0xFF1F || value == 0xFF0E
    }

    /// Whether `value` is a closing quote or bracket that may follow a sentence end.
    @inline(__always)
    static func isClosing(_ value: UInt32) -> Bool {
        value == 0x22 || value == 0x27 || value == 0x29 || value == 0x5D || value == 0x201D || value == 0x2019
            || value == 0xBB || value == 0x300D || value == 0x300F || value == 0xFF09 || value == 0x203A
    }

    /// The words of `text` (for loading lists; not used on the hot path).
    static func words(of text: String) -> [String] {
        let bytes = Array(text.utf8)
        var words: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = -1
            var index = 0
            func close(_ end: Int) {
                if start >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
                }
                start = -1
            }
            while index < buffer.count {
                let (value, length) = decode(buffer, index)
                if value == 0xA9 {
                    close(index)
                    words.append("©")
                } else if scalarClass(value) == .word {
                    if start < 0 { start = index }
                } else {
                    close(index)
                }
                index += length
            }
            close(buffer.count)
        }
        return words
    }
}
