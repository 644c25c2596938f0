import Foundation

/// Drops what the cleaner never reads before libxml2 sees it: comments, the contents of `<script>` (except
/// JSON-LD), `<style>` and `<svg>`, and the attributes the cleaner never looks at (`src`, `srcset`, `data-*`, ...).
///
/// On news pages these are well over half of the bytes, and libxml2 reads raw text and attribute values one
/// character at a time and copies every attribute into the tree, so this single byte scan (memchr for `<`)
/// roughly halves parsing time. Element tags stay, so the tree keeps its shape. The rules follow HTML's
/// tokenizer where it matters: raw-text content ends at the first `</name` (any case); an unclosed element or
/// comment runs to the end of the input; attribute values are quoted with `"` or `'`, or unquoted up to
/// whitespace or `>`. A tag this scan cannot read to its end (an unclosed quote) is copied unchanged.
enum RawTextFilter {
    static func filtered(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { buffer -> [UInt8] in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
            var scanner = Scanner(base: base, count: buffer.count)
            scanner.run()
            return scanner.output
        }
    }

    /// The attributes the cleaner reads (`PageParser`); all others are dropped.
    private static let keptAttributes: [StaticString] = [
        "class", "id", "role", "itemprop", "style", "hidden", "aria-hidden", "href", "rel", "type", "name",
        "property", "content", "http-equiv", "lang", "datetime", "charset",
    ]

    private struct Scanner {
        let base: UnsafePointer<UInt8>
        let count: Int
        var output: [UInt8] = []

        init(base: UnsafePointer<UInt8>, count: Int) {
            self.base = base
            self.count = count
            output.reserveCapacity(count / 2)
        }

        mutating func run() {
            var copyFrom = 0
            var cursor = 0
            // Reused for every tag, so reading a tag allocates nothing.
            var attributes: [Attribute] = []
            attributes.reserveCapacity(16)
            while cursor < count, let found = memchr(base + cursor, Int32(UInt8(ascii: "<")), count - cursor) {
                let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                cursor = start + 1
                if matches(at: start + 1, "!--") {
                    append(copyFrom..<start)
                    let end = find(from: start + 4, "-->").map { $0 + 3 } ?? count
                    copyFrom = end
                    cursor = end
                    continue
                }
                guard start + 1 < count, isLetter(base[start + 1]) else { continue }
                // A start tag: its name, then attributes up to `>`.
                var index = start + 1
                while index < count, isNameByte(base[index]) { index += 1 }
                let nameRange = (start + 1)..<index
                guard let tag = readTag(from: index, into: &attributes) else {
                    // Unreadable to the end of the input (no `>`, or an unclosed quote): leave the rest to libxml2
                    // as it is. Stopping here also keeps the scan linear on inputs like "<a <a <a ...".
                    break
                }
                append(copyFrom..<start)
                output.append(UInt8(ascii: "<"))
                append(nameRange)
                var isJSONLD = false
                for attribute in attributes {
                    guard isKept(attribute.name) else { continue }
                    output.append(0x20)
                    if equalsIgnoringCase(attribute.name, "href") && equalsIgnoringCase(nameRange, "a") {
                        output.append(contentsOf: Array("href=x".utf8))  // only its presence matters
                        continue
                    }
                    if equalsIgnoringCase(attribute.name, "type"), let value = attribute.value,
                        contains(value, "ld+json")
                    {
                        isJSONLD = true
                    }
                    append(attribute.whole)
                }
                if tag.selfClosing { output.append(UInt8(ascii: "/")) }
                output.append(UInt8(ascii: ">"))
                copyFrom = tag.end
                cursor = tag.end
                // Raw-text elements whose contents are never read: skip to `</name`.
                let isRawText = equalsIgnoringCase(nameRange, "style") || equalsIgnoringCase(nameRange, "svg")
                    || (equalsIgnoringCase(nameRange, "script") && !isJSONLD)
                if isRawText && !tag.selfClosing {
                    let end = closingTag(of: nameRange, from: tag.end)
                    copyFrom = end
                    cursor = end
                }
            }
            append(copyFrom..<count)
        }

        private struct Attribute {
            var name: Range<Int>
            var value: Range<Int>?
            var whole: Range<Int>
        }

        private struct TagRead {
            var selfClosing: Bool
            /// Index just past the closing `>`.
            var end: Int
        }

        /// Reads attributes (into `attributes`) from just after the tag name to the closing `>`; nil when the input ends
        /// first.
        private func readTag(from start: Int, into attributes: inout [Attribute]) -> TagRead? {
            attributes.removeAll(keepingCapacity: true)
            var index = start
            var selfClosing = false
            while index < count {
                let byte = base[index]
                if isSpace(byte) {
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: ">") { return TagRead(selfClosing: selfClosing, end: index + 1) }
                if byte == UInt8(ascii: "/") {
                    selfClosing = index + 1 < count && base[index + 1] == UInt8(ascii: ">")
                    index += 1
                    continue
                }
                selfClosing = false
                let nameStart = index
                while index < count {
                    let next = base[index]
                    if isSpace(next) || next == UInt8(ascii: "=") || next == UInt8(ascii: ">") || next == UInt8(ascii: "/") {
                        break
                    }
                    index += 1
                }
                if index == nameStart { index += 1 }  // a stray `=`: skip it
                let name = nameStart..<index
                var probe = index
                while probe < count, isSpace(base[probe]) { probe += 1 }
                guard probe < count, base[probe] == UInt8(ascii: "=") else {
                    attributes.append(Attribute(name: name, value: nil, whole: name))
                    continue
                }
                probe += 1
                while probe < count, isSpace(base[probe]) { probe += 1 }
                guard probe < count else { return nil }
                let quote = base[probe]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let close = memchr(base + probe + 1, Int32(quote), count - probe - 1) else { return nil }
                    let closeIndex = base.distance(to: close.assumingMemoryBound(to: UInt8.self))
                    attributes.append(
                        Attribute(name: name, value: (probe + 1)..<closeIndex, whole: nameStart..<(closeIndex + 1)))
                    index = closeIndex + 1
                } else {
                    let valueStart = probe
                    while probe < count, !isSpace(base[probe]), base[probe] != UInt8(ascii: ">") { probe += 1 }
                    attributes.append(Attribute(name: name, value: valueStart..<probe, whole: nameStart..<probe))
                    index = probe
                }
            }
            return nil
        }

        /// The index of the `<` of the first `</name` at or after `from`, or the end of the input.
        private func closingTag(of name: Range<Int>, from: Int) -> Int {
            var search = from
            while search < count, let next = memchr(base + search, Int32(UInt8(ascii: "<")), count - search) {
                let position = base.distance(to: next.assumingMemoryBound(to: UInt8.self))
                let nameStart = position + 2
                if nameStart + name.count <= count, base[position + 1] == UInt8(ascii: "/") {
                    var same = true
                    for offset in 0..<name.count where base[nameStart + offset] | 0x20 != base[name.lowerBound + offset] | 0x20 {
                        same = false
                        break
                    }
                    let after = nameStart + name.count
                    if same && (after == count || !isNameByte(base[after])) { return position }
                }
                search = position + 1
            }
            return count
        }

        private mutating func append(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            output.append(contentsOf: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
        }

        private func isKept(_ name: Range<Int>) -> Bool {
            for kept in RawTextFilter.keptAttributes where equalsIgnoringCase(name, kept) { return true }
            return false
        }

        private func equalsIgnoringCase(_ range: Range<Int>, _ literal: StaticString) -> Bool {
            guard range.count == literal.utf8CodeUnitCount else { return false }
            let expected = literal.utf8Start
            for offset in 0..<range.count where base[range.lowerBound + offset] | 0x20 != expected[offset] | 0x20 {
                return false
            }
            return true
        }

        /// Whether the bytes in `range` contain `literal` (ASCII letters compared without case).
        private func contains(_ range: Range<Int>, _ literal: StaticString) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard range.count >= length else { return false }
            let expected = literal.utf8Start
            for start in range.lowerBound...(range.upperBound - length) {
                var offset = 0
                while offset < length && base[start + offset] | 0x20 == expected[offset] | 0x20 { offset += 1 }
                if offset == length { return true }
            }
            return false
        }

        private func matches(at index: Int, _ literal: StaticString) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard index + length <= count else { return false }
            return memcmp(base + index, literal.utf8Start, length) == 0
        }

        /// The index of the first exact `literal` in `from..<count`.
        private func find(from: Int, _ literal: StaticString) -> Int? {
            let length = literal.utf8CodeUnitCount
            let expected = literal.utf8Start
            var index = from
            while index + length <= count {
                guard let found = memchr(base + index, Int32(expected[0]), count - length + 1 - index) else { return nil }
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + position, expected, length) == 0 { return position }
                index = position + 1
            }
            return nil
        }

        private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

        private func isNameByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || (byte >= 48 && byte <= 57) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "_")
        }

        private func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
        }
    }
}
