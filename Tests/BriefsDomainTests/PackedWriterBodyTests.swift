import Testing

@testable import BriefsDomain

/// `Body`'s cheap questions the store writer and the POST path ask (`isEmpty`, `paragraphsFollowBlankLines`) against
/// their definitions through the paragraphs themselves.
@Suite("PackedWriterBody")
struct PackedWriterBodyTests {
    static let cases: [[String]] = [
        [], [""], ["", ""], ["One."], ["One.", "Two."], ["a\n\nb", "c"], ["a\n", "b"], ["a", "\nb"], ["a\n\n"],
        ["Zoë", "Łódź 🙂", "x"], ["a\nb", "c\n\n\nd"], ["\n"], ["a", ""], ["", "a"],
    ]

    @Test(arguments: cases)
    func isEmptyIsWhetherThereAreNoParagraphs(paragraphs: [String]) {
        let body = Body(paragraphs: paragraphs)
        #expect(body.isEmpty == body.paragraphs.isEmpty)
        #expect(body.isEmpty == paragraphs.isEmpty)
        let fromText = Body(text: body.text)
        #expect(fromText.isEmpty == fromText.paragraphs.isEmpty)
    }

    @Test(arguments: cases)
    func paragraphsFollowBlankLinesIsWhetherTheTextGivesThemBack(paragraphs: [String]) {
        let body = Body(paragraphs: paragraphs)
        #expect(body.paragraphsFollowBlankLines == (Body(text: body.text).paragraphs == body.paragraphs))
        #expect(Body(text: body.text).paragraphsFollowBlankLines)
    }

    /// The paragraphs `Body(text:)` is defined to find: split at each "\n\n", scanning byte by byte from the start and
    /// resuming after it (the definition the word-at-a-time scan must keep).
    static func referenceParagraphs(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return [] }
        var result: [String] = []
        var start = 0
        var offset = 0
        while offset + 1 < bytes.count {
            if bytes[offset] == 0x0A && bytes[offset + 1] == 0x0A {
                result.append(String(decoding: bytes[start..<offset], as: UTF8.self))
                offset += 2
                start = offset
            } else {
                offset += 1
            }
        }
        result.append(String(decoding: bytes[start...], as: UTF8.self))
        return result
    }

    /// Line feeds, blank lines and runs of them at every position around the eight-byte words, in ASCII and not.
    @Test func blankLinesAreFoundAtEveryPosition() {
        for filler in ["a", "é"] {
            for position in 0..<20 {
                for pattern in ["\n", "\n\n", "\n\n\n", "\n\n\n\n", "\nx\n"] {
                    let text =
                        String(repeating: filler, count: position) + pattern + String(repeating: "b", count: 19 - position)
                        + "\n\nend\n"
                    let body = Body(text: text)
                    #expect(body.paragraphs == Self.referenceParagraphs(text), "\(position) \(pattern.debugDescription)")
                    #expect(body.paragraphsFollowBlankLines)
                    let rebuilt = Body(paragraphs: Self.referenceParagraphs(text))
                    #expect(rebuilt.paragraphsFollowBlankLines == (Body(text: rebuilt.text).paragraphs == rebuilt.paragraphs))
                }
            }
        }
    }
}
