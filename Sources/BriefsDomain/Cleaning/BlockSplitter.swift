/// Stages 1 and 2 of cleaning: normalise the input and cut it into blocks (UTF-8 byte arrays).
///
/// Normalising collapses every run of white space (including no-break and other Unicode spaces) to one space,
/// drops zero-width characters, soft hyphens and control characters, and trims each line. Every line break
/// (`\n`, `\r`, U+0085, U+2028, U+2029) ends a block. A block longer than `maxBlockBytes` is cut (at a scalar
/// boundary) so that no later step sees a giant block.
///
/// Glued sentences (`…the difference.U.S. Secretary…`, where two elements were joined without a space) are split
/// into separate blocks: a `.`, `!` or `?` (optionally followed by a closing quote) right after a lower-case letter
/// and right before an upper-case letter, unless the word before the period is an abbreviation (`Mr.Smith`) or looks
/// like a domain or file name (`www.example.Com`, `e.g.The`).
struct BlockSplitter {
    let lexicon: CleaningLexicon
    let maxBlockBytes: Int

    /// The blocks of `text`, at most `maxInputBytes` of it.
    func blocks(of text: String, maxInputBytes: Int) -> [[UInt8]] {
        var blocks: [[UInt8]] = []
        var text = text
        text.makeContiguousUTF8()
        let appendPrefix = { (bytes: UnsafeBufferPointer<UInt8>) in
            var cut = min(bytes.count, maxInputBytes)
            if cut < bytes.count {
                while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            }
            self.append(from: UnsafeBufferPointer(rebasing: bytes[0..<cut]), to: &blocks)
        }
        if text.utf8.withContiguousStorageIfAvailable(appendPrefix) == nil {
            Array(text.utf8).withUnsafeBufferPointer(appendPrefix)
        }
        return blocks
    }

    /// Normalises `bytes` and appends its blocks to `blocks`. Lines that need no normalising (the common case:
    /// single spaces, no control or special space characters, no leading or trailing space) are copied whole.
    func append(from bytes: UnsafeBufferPointer<UInt8>, to blocks: inout [[UInt8]]) {
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            var isClean = true
            var mayBeGlued = false
            var previous: UInt8 = 0x20
            while end < count {
                let byte = bytes[end]
                if byte == 0x0A { break }
                if byte < 0x21 {
                    if byte != 0x20 || previous == 0x20 { isClean = false }
                } else if byte >= 0xC2 {
                    if Self.isSpecialSequence(bytes, end) { isClean = false }
                } else if byte == 0x2E || byte == 0x21 || byte == 0x3F {
                    if previous >= 0x61 && previous <= 0x7A { mayBeGlued = true }
                } else if byte == 0x7F {
                    isClean = false
                }
                previous = byte
                end += 1
            }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if isClean && previous != 0x20 && end - start <= maxBlockBytes {
                if mayBeGlued {
                    splitGlued(Array(line), into: &blocks)
                } else if end > start {
                    blocks.append(Array(line))
                }
            } else if end > start {
                normalize(line, into: &blocks)
            }
            start = end + 1
        }
    }

    /// Whether the scalar starting at `index` is one that normalising changes: C1 controls, no-break and other
    /// spaces, soft hyphen, zero-width characters, line and paragraph separators, byte-order mark.
    @inline(__always)
    private static func isSpecialSequence(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index + 1 < bytes.count else { return true }
        let lead = bytes[index]
        let second = bytes[index + 1]
        switch lead {
        case 0xC2: return second <= 0xA0 || second == 0xAD
        case 0xE1, 0xE2, 0xE3, 0xEF:
            guard index + 2 < bytes.count else { return true }
            let third = bytes[index + 2]
            if lead == 0xE1 { return second == 0x9A && third == 0x80 }
            if lead == 0xE3 { return second == 0x80 && third == 0x80 }
            if lead == 0xEF { return second == 0xBB && third == 0xBF }
            if second == 0x80 { return third <= 0x8F || third == 0xA8 || third == 0xA9 || third == 0xAF }
            return second == 0x81 && third >= 0x9F && third <= 0xA4
        default: return lead >= 0xF5 || lead < 0xC2
        }
    }

    /// The general path of `append`: one line (or several, for other line separators) normalised scalar by scalar.
    private func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into blocks: inout [[UInt8]]) {
        var current: [UInt8] = []
        current.reserveCapacity(256)
        var pendingSpace = false
        var index = 0
        let count = bytes.count
        func flush() {
            if !current.isEmpty { splitGlued(current, into: &blocks) }
            current.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        while index < count {
            if current.count >= maxBlockBytes { flush() }
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                if byte == 0x0A || byte == 0x0D {
                    flush()
                } else if byte <= 0x20 || byte == 0x7F {
                    pendingSpace = !current.isEmpty
                } else {
                    if pendingSpace {
                        current.append(0x20)
                        pendingSpace = false
                    }
                    current.append(byte)
                }
                continue
            }
            let (value, length) = CleaningTokenizer.decode(bytes, index)
            switch value {
            case 0x85, 0x2028, 0x2029:
                flush()
            case 0x80...0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                pendingSpace = !current.isEmpty
            case 0xAD, 0x200B...0x200F, 0x2060...0x2064, 0xFEFF:
                break
            default:
                if pendingSpace {
                    current.append(0x20)
                    pendingSpace = false
                }
                if length == 1 && value == 0xFFFD {
                    current.append(contentsOf: [0xEF, 0xBF, 0xBD])  // a stray byte becomes U+FFFD
                } else {
                    for offset in 0..<length { current.append(bytes[index + offset]) }
                }
            }
            index += length
        }
        flush()
    }

    /// Appends `line` to `blocks`, split where two sentences were glued together.
    func splitGlued(_ line: [UInt8], into blocks: inout [[UInt8]]) {
        var start = 0
        line.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 1
            while index + 1 < count {
                let byte = bytes[index]
                guard byte == 0x2E || byte == 0x21 || byte == 0x3F, isLowerASCII(bytes[index - 1]) else {
                    index += 1
                    continue
                }
                // Skip a closing quote after the punctuation.
                var next = index + 1
                if bytes[next] == 0x22 || bytes[next] == 0x27 {
                    next += 1
                } else if next + 2 < count, bytes[next] == 0xE2, bytes[next + 1] == 0x80,
                    bytes[next + 2] == 0x9D || bytes[next + 2] == 0x99
                {
                    next += 3
                }
                guard next < count, isUpperASCII(bytes[next]), isGlueBoundary(bytes, start: start, period: index)
                else {
                    index += 1
                    continue
                }
                let piece = Array(bytes[start..<next]).trimmingSpaces()
                if !piece.isEmpty { blocks.append(piece) }
                start = next
                index = next + 1
            }
        }
        if start == 0 {
            blocks.append(line)
        } else {
            let rest = Array(line[start...]).trimmingSpaces()
            if !rest.isEmpty { blocks.append(rest) }
        }
    }

    /// Whether the sentence end at `period` is real: the word before it is not an abbreviation, nor part of a
    /// dotted name, address or path.
    private func isGlueBoundary(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, period: Int) -> Bool {
        var wordStart = period
        while wordStart > start && bytes[wordStart - 1] != 0x20 {
            let byte = bytes[wordStart - 1]
            if byte == 0x2E || byte == 0x2F || byte == 0x40 || byte == 0x3A || byte == 0x5F { return false }
            wordStart -= 1
        }
        // Strip opening punctuation so that "(Mr.Smith" finds "Mr".
        while wordStart < period && !isLetterOrNonASCII(bytes[wordStart]) { wordStart += 1 }
        if period - wordStart < 2 { return false }
        var scratch: [UInt8] = []
        if bytes[period] == 0x2E, let id = lexicon.lookup(bytes, wordStart, period, scratch: &scratch),
            lexicon.info[id].isAbbreviation
        {
            return false
        }
        return true
    }

    @inline(__always) private func isLowerASCII(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    @inline(__always) private func isUpperASCII(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    @inline(__always) private func isLetterOrNonASCII(_ byte: UInt8) -> Bool {
        byte >= 0x80 || isLowerASCII(byte) || isUpperASCII(byte)
    }
}

extension Array where Element == UInt8 {
    /// The bytes without leading and trailing ASCII spaces.
    func trimmingSpaces() -> [UInt8] {
        var lower = startIndex
        var upper = endIndex
        while lower < upper && self[lower] == 0x20 { lower += 1 }
        while upper > lower && self[upper - 1] == 0x20 { upper -= 1 }
        if lower == startIndex && upper == endIndex { return self }
        return Array(self[lower..<upper])
    }
}
