import Foundation
import Testing

@testable import BriefsDomain

/// Whole-cleaner behaviour on edge inputs and the block API.
@Suite struct TextCleanerTests {
    let paragraph1 =
        "The harbour authority said on Monday that the new quay would open in the spring, after two years of work on the old sea wall."
    let paragraph2 =
        "Officials said the project had cost less than expected because the stone from the old wall was reused for the new one."

    @Test func emptyAndBlankInputGiveAnEmptyDocument() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        for input in ["", "\n\n\n", "   \t  \n \u{00A0} \n"] {
            let document = cleaner.clean(text: input)
            #expect(document.paragraphs.isEmpty)
            #expect(document.removed.isEmpty)
        }
        #expect(cleaner.clean(blocks: [], title: nil).paragraphs.isEmpty)
    }

    @Test func titleOnlyInput() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let document = cleaner.clean(text: "Just a title")
        #expect(document.title == "Just a title")
        #expect(document.paragraphs.isEmpty)
    }

    @Test func explicitTitleKeepsTheFirstLineAsContent() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let document = cleaner.clean(text: paragraph1 + "\n" + paragraph2, title: "Given title")
        #expect(document.title == "Given title")
        #expect(document.paragraphs == [paragraph1, paragraph2])
    }

    @Test func binaryLookingInputDoesNotCrashOrLeakGarbage() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        var bytes: [UInt8] = []
        var state: UInt32 = 12_345
        for _ in 0..<20_000 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let text = String(decoding: bytes, as: UTF8.self)  // invalid sequences become U+FFFD
        let document = cleaner.clean(text: "Title\n" + text + "\n" + paragraph1 + "\n" + paragraph2)
        #expect(document.paragraphs.contains(paragraph1))
        #expect(document.paragraphs.allSatisfy { !$0.contains("\u{FFFD}\u{FFFD}\u{FFFD}") })
    }

    @Test func hugeInputIsCleanedWholeAndBounded() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        // About 2 MiB: many distinct article paragraphs, then one giant line without breaks.
        var lines = ["A very long page"]
        var size = 0
        var index = 0
        while size < 1_500_000 {
            let line =
                "Paragraph \(index) says that the council met on day \(index) and that the members agreed on item \(index * 7) of the agenda after a long debate."
            lines.append(line)
            size += line.utf8.count + 1
            index += 1
        }
        lines.append(String(repeating: "word ", count: 120_000))
        let document = cleaner.clean(text: lines.joined(separator: "\n"))
        #expect(document.paragraphs.count > 1000)
        #expect(document.paragraphs.allSatisfy { $0.utf8.count <= 65_536 })
    }

    @Test func blocksAPIClassifiesTheSameWay() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let blocks = [
            "Home", "World", "Sport", "Share", paragraph1, "Donate now to support our journalism", paragraph2,
            "© 2024 Example News. All rights reserved.",
        ]
        let document = cleaner.clean(blocks: blocks, title: "Quay to open in spring")
        #expect(document.paragraphs == [paragraph1, paragraph2])
        #expect(document.title == "Quay to open in spring")
        #expect(document.removed.first { $0.text.hasPrefix("Donate") }?.reason == "donation-appeal")
        #expect(document.removed.first { $0.text.hasPrefix("©") }?.reason == "legal")
    }

    @Test func blocksAreNormalizedAndSplitWhenGlued() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let glued = "Sign up for our newsletter.\(paragraph1)"
        let document = cleaner.clean(blocks: ["  \(paragraph2)\u{200B} ", glued], title: nil)
        #expect(document.paragraphs == [paragraph2, paragraph1])
        #expect(document.removed.map(\.reason) == ["newsletter"])
    }

    @Test func everyRemovedBlockHasAReasonAndNothingIsLost() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let input = ["Title", "Menu", "Home", "News", paragraph1, "Share", "Tweet", paragraph2, "Cookie policy"]
        let document = cleaner.clean(text: input.joined(separator: "\n"))
        #expect(document.paragraphs.count + document.removed.count == input.count - 1)
        #expect(document.removed.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func japaneseAndChinesePagesAreKeptByShape() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let japanese = [
            "新しい橋が開通",
            "ホーム", "ニュース", "スポーツ",
            "市の中心部と港を結ぶ新しい橋が、三年間の工事を経て月曜日の朝に開通し、多くの市民が渡り初めに参加した。",
            "市によると、この橋によって中心部の渋滞が減り、歩行者と自転車も安全に川を渡れるようになるという。",
            "お問い合わせ",
        ].joined(separator: "\n")
        let document = cleaner.clean(text: japanese)
        #expect(document.paragraphs.count == 2)
        #expect(document.metadata.language == "ja")
        let chinese = "新桥开通\n首页\n新闻\n连接市中心和港口的新桥经过三年的施工于星期一上午正式开通，许多市民参加了通车仪式。\n市政府表示，这座桥将减少市中心的交通拥堵，并让行人和自行车安全过河。"
        let chineseDocument = cleaner.clean(text: chinese)
        #expect(chineseDocument.paragraphs.count == 2)
        #expect(chineseDocument.metadata.language == "zh")
    }

    @Test func aSummaryUnderTheHeadlineBecomesTheStandfirst() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let dek = "Ferries will dock in the town centre again once the old harbour has been dredged this summer"
        let text = [
            "Harbour to reopen to ferries - Example", "Home", "News", "Sport", "Harbour to reopen to ferries", dek,
            "By Ann Lee", "Share", paragraph1, paragraph2,
        ].joined(separator: "\n")
        let document = cleaner.clean(text: text)
        #expect(document.standfirst == dek)
        #expect(document.paragraphs == [paragraph1, paragraph2])
        #expect(document.removed.first { $0.text == dek }?.reason == "standfirst")
        #expect(document.title == "Harbour to reopen to ferries")
    }
}
