import Foundation
import Testing

@testable import BriefsDomain

@Suite struct BlockFeaturesTests {
    func features(_ text: String) throws -> (BlockFeatures, TextCleaner) {
        let cleaner = try #require(CleaningSupport.cleaner)
        var scanner = BlockScanner(lexicon: cleaner.lexicon, cjkWeight: 3)
        return (scanner.features(of: Array(text.utf8)), cleaner)
    }

    func language(_ code: String, _ cleaner: TextCleaner) throws -> Int {
        try #require(cleaner.lexicon.languages.firstIndex(of: code))
    }

    @Test func stopWordDensityIsPerLanguage() throws {
        let (english, cleaner) = try features("The minister said that the plan would be ready by the end of the year.")
        let en = try language("en", cleaner)
        let it = try language("it", cleaner)
        #expect(english.stopDensity(en) > 0.4)
        #expect(english.stopDensity(en) > english.stopDensity(it))
        let (italian, _) = try features("Il ministro ha detto che il piano sarà pronto entro la fine dell'anno.")
        #expect(italian.stopDensity(it) > 0.3)
        #expect(italian.stopDensity(it) > italian.stopDensity(en))
        let (menu, _) = try features("Subscribe Login Newsletter Podcasts Crossword Horoscopes")
        #expect(menu.stopDensity(en) < 0.2)
    }

    @Test func sentenceShape() throws {
        let (two, _) = try features("It rained. Then it stopped!")
        #expect(two.sentences == 2)
        #expect(two.isTerminated)
        let (quoted, _) = try features("He said: “We will win.”")
        #expect(quoted.isTerminated)
        let (label, _) = try features("Most popular")
        #expect(!label.isTerminated)
        #expect(label.sentences == 0)
        let (teaser, _) = try features("The new phone has a larger screen and a faster chip than the...")
        #expect(teaser.isTruncated)
        let (ellipsis, _) = try features("Prices rose again…")
        #expect(ellipsis.isTruncated)
        let (plain, _) = try features("Prices rose again.")
        #expect(!plain.isTruncated)
    }

    @Test func addressCuesAndLinks() throws {
        let (appeal, cleaner) = try features("Your donation helps us keep our reporters in the field.")
        #expect(appeal.addressWords >= 3)
        let donation = try #require(cleaner.lexicon.category(named: "donation-appeal"))
        #expect(appeal.hits(donation) == 1)
        let (country, _) = try features("Roughly 13,000 US troops remain, officials told US media.")
        #expect(country.addressWords == 0)
        let (signup, _) = try features("Sign up for our newsletter")
        let newsletter = try #require(cleaner.lexicon.category(named: "newsletter"))
        #expect(signup.hits(newsletter) == 2)
        let (byline, _) = try features("By Jane Porter")
        let bylineCategory = try #require(cleaner.lexicon.category(named: "byline"))
        #expect(byline.hits(bylineCategory) == 1)
        let (notAnchored, _) = try features("Written by Jane Porter")
        #expect(notAnchored.hits(bylineCategory) == 0)
        let (link, _) = try features("https://example.com/story")
        #expect(link.hasURL)
        let (copyright, _) = try features("© 2024 Example News")
        let legal = try #require(cleaner.lexicon.category(named: "legal"))
        #expect(copyright.hits(legal) == 1)
    }

    @Test func cjkTextIsWeighted() throws {
        let (japanese, _) = try features("東京で新しい橋が開通した。")
        #expect(japanese.cjkCharacters == 12)
        #expect(japanese.length == 13 + 12 * 2)
        #expect(japanese.sentences == 1)
        #expect(japanese.isTerminated)
    }

    @Test func junkIsCounted() throws {
        let (junk, cleaner) = try features("ab\u{FFFD}\u{FFFD}\u{0001}\u{E000}cd")
        #expect(junk.junkScalars == 4)
        #expect(cleaner.isJunk(junk))
    }
}
