import BriefsDomain
import Foundation
import Testing

@testable import BriefsHTML

@Suite("HTMLCleaner robustness")
struct HTMLCleanerRobustnessTests {
    let cleaner: HTMLCleaner

    init() throws { cleaner = try Fixtures.cleaner() }

    @Test func emptyInputGivesEmptyDocument() {
        let result = cleaner.clean(html: [])
        #expect(result.paragraphs.isEmpty)
        #expect(result.title == nil)
    }

    @Test func binaryInputGivesEmptyDocument() {
        var generator = SplitMix(seed: 7)
        let bytes = (0..<50_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        #expect(cleaner.clean(html: bytes).paragraphs.isEmpty)
    }

    @Test func deeplyNestedDivsDoNotOverflowTheStack() {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "<p>\(Fixtures.prose[0])</p>"
            + String(repeating: "</div>", count: depth) + "<p>\(Fixtures.prose[1])</p>"
        let result = cleaner.clean(html: Array(html.utf8))
        #expect(result.paragraphs.contains(Fixtures.prose[0]))
    }

    @Test func deepUnclosedInlineElements() {
        let html = String(repeating: "<b><i>", count: 50_000) + Fixtures.prose[0]
        #expect(cleaner.clean(html: Array(html.utf8)).paragraphs == [Fixtures.prose[0]])
    }

    @Test func hugePageIsCleaned() {
        var body = ""
        var index = 0
        while body.utf8.count < 2 * 1024 * 1024 {
            body += "<p>Paragraph \(index): \(Fixtures.prose[index % Fixtures.prose.count])</p>"
            index += 1
        }
        let result = cleaner.clean(html: Fixtures.page("<article>\(body)</article>"))
        #expect(result.paragraphs.count == index)
    }

    @Test func malformedMarkupIsRecovered() {
        let html = "<html><body><div class=story><p>\(Fixtures.prose[0])<p>\(Fixtures.prose[1])</div></span></b><p>\(Fixtures.prose[2])<table><tr><td>"
        let result = cleaner.clean(html: Array(html.utf8))
        #expect(result.paragraphs.starts(with: [Fixtures.prose[0], Fixtures.prose[1]]))
    }

    @Test func unterminatedScriptAndCommentDoNotLeak() {
        let script = cleaner.clean(html: Array("<p>\(Fixtures.prose[0])</p><script>var x = '<p>never</p>';".utf8))
        #expect(script.paragraphs == [Fixtures.prose[0]])
        let comment = cleaner.clean(html: Array("<p>\(Fixtures.prose[0])</p><!-- <p>never shown</p>".utf8))
        #expect(comment.paragraphs == [Fixtures.prose[0]])
    }

    @Test func latin1DeclaredCharsetIsDecoded() {
        let text = "Café crème brûlée is a dessert that people enjoy in many places around the world today."
        let html = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>\(text)</p></body></html>"
        let bytes = Array(html.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        #expect(cleaner.clean(html: bytes).paragraphs == [text])
    }

    @Test func windows1251DeclaredCharsetIsDecoded() throws {
        let text = "Привет, мир! Это длинный текст для проверки кодировки страницы, и он достаточно длинный."
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><p>\(text)</p></body></html>"
        let bytes = try #require(html.data(using: .windowsCP1251))
        #expect(cleaner.clean(html: Array(bytes)).paragraphs == [text])
    }

    @Test func shiftJISDeclaredCharsetIsDecoded() throws {
        let text = "東京都は火曜日、新しい予算案を可決した。道路の補修と図書館の建設に充てられる。"
        let html = "<html><head><meta charset=\"Shift_JIS\"></head><body><p>\(text)</p></body></html>"
        let bytes = try #require(html.data(using: .shiftJIS))
        #expect(cleaner.clean(html: Array(bytes)).paragraphs == [text])
    }

    @Test func utf16WithByteOrderMarkIsDecoded() throws {
        let text = "Le conseil municipal a adopté le budget mardi soir après un long débat public en séance."
        let html = "<html><body><p>\(text)</p></body></html>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in html.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(cleaner.clean(html: bytes).paragraphs == [text])
    }

    @Test func mislabelledUTF8IsReadAsUTF8() {
        let text = "Der Bürgermeister äußerte sich am Dienstag zufrieden über die Einigung im Stadtrat."
        let html = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>\(text)</p></body></html>"
        #expect(cleaner.clean(html: Array(html.utf8)).paragraphs == [text])
    }

    @Test func invalidUTF8BytesAreReplaced() {
        var bytes = Array("<html><body><p>Le conseil municipal a adopté le budget mardi soir après un long débat ".utf8)
        bytes += [0xFF, 0xC3]
        bytes += Array(" public.</p></body></html>".utf8)
        let result = cleaner.clean(html: bytes)
        #expect(result.paragraphs.count == 1)
        #expect(result.paragraphs.first?.hasPrefix("Le conseil municipal a adopté") == true)
    }

    @Test(arguments: [
        String(repeating: "<a ", count: 200_000),
        String(repeating: "<a b=\"", count: 100_000),
        String(repeating: "<!--", count: 100_000),
        String(repeating: "<script>", count: 100_000),
        String(repeating: "<td>", count: 100_000),
        String(repeating: "<br>", count: 100_000),
        "<script type=\"application/ld+json\">" + String(repeating: "[", count: 100_000) + "</script>",
    ])
    func pathologicalMarkupFinishes(html: String) {
        let result = cleaner.clean(html: Array(("<p>\(Fixtures.prose[0])</p>" + html).utf8))
        #expect(result.paragraphs.first == Fixtures.prose[0])
    }

    @Test func manyShortBlocksBetweenProse() {
        let shorts = String(repeating: "<p>Short line.</p>", count: 20_000)
        let html = Fixtures.page("<article><p>\(Fixtures.prose[0])</p>\(shorts)<p>\(Fixtures.prose[1])</p></article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.count == 20_002)
    }

    @Test func textWithoutMarkupStillGivesParagraphs() {
        #expect(cleaner.clean(html: Array(Fixtures.prose[0].utf8)).paragraphs == [Fixtures.prose[0]])
    }
}

/// A small deterministic generator for test bytes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

@Suite("HTMLCleaner concurrency")
struct HTMLCleanerConcurrencyTests {
    @Test func concurrentCleaningGivesTheSameResults() async throws {
        let cleaner = try Fixtures.cleaner()
        let pages = (0..<16).map { number in
            Fixtures.page(
                "<article><h2>Part \(number)</h2>\(Fixtures.proseParagraphs)</article><footer><p>Footer \(number)</p></footer>")
        }
        let expected = pages.map { cleaner.clean(html: $0) }
        let results = await withTaskGroup(of: (Int, CleanedDocument).self) { group in
            for (index, page) in pages.enumerated() {
                group.addTask { (index, cleaner.clean(html: page)) }
            }
            var collected: [Int: CleanedDocument] = [:]
            for await (index, document) in group { collected[index] = document }
            return collected
        }
        for (index, document) in expected.enumerated() {
            #expect(results[index] == document)
        }
    }
}
