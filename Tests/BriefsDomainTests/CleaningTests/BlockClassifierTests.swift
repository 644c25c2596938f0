import Foundation
import Testing

@testable import BriefsDomain

/// The classification stages one by one, on hand-made blocks.
@Suite struct BlockClassifierTests {
    let prose =
        "The council said on Tuesday that the new bridge would open in the spring, and that the old one would be closed for repairs until the end of the year."

    func setup(_ texts: [String]) throws -> (TextCleaner, [BlockFeatures], Int) {
        let cleaner = try #require(CleaningSupport.cleaner)
        var scanner = BlockScanner(lexicon: cleaner.lexicon, cjkWeight: 3)
        let features = texts.map { scanner.features(of: Array($0.utf8)) }
        return (cleaner, features, cleaner.pageLanguage(features))
    }

    @Test func aloneClassesFollowLengthAndStopWords() throws {
        let (cleaner, features, language) = try setup([
            prose, "Home World Politics Business Sport Culture Travel Money Science Health Style Food Opinion Video",
            "Short line", "Sign up for our newsletter",
        ])
        #expect(cleaner.lexicon.languages[language] == "en")
        #expect(cleaner.classifyAlone(features[0], language: language).kind == .good)
        #expect(cleaner.classifyAlone(features[1], language: language).kind == .bad)
        #expect(cleaner.classifyAlone(features[2], language: language).kind == .short)
        let cue = cleaner.classifyAlone(features[3], language: language)
        #expect(cue == Verdict(.bad, reason: "newsletter", isCue: true))
    }

    @Test func unterminatedStandfirstWithACueWordIsNotALabel() throws {
        let (cleaner, features, language) = try setup([
            "Ministers agreed to share tide gauge data and coordinate evacuations when storms threaten towns"
        ])
        #expect(cleaner.cueVerdict(features[0]) == nil)
        #expect(cleaner.classifyAlone(features[0], language: language).reason != "share")
    }

    @Test func captionsGoEvenAsSentences() throws {
        let (cleaner, features, _) = try setup(["Workers outside the depot on Tuesday. (Photo: Getty Images)"])
        #expect(cleaner.cueVerdict(features[0])?.reason == "caption")
    }

    @Test func aSentenceWithOneWeakLegalWordStays() throws {
        let (cleaner, features, _) = try setup([
            "Another reader wondered why the state bothered to trademark the slogan.",
            "© 2024 Example News.",
            "Copyright 2024 Example News. All rights reserved.",
        ])
        #expect(cleaner.cueVerdict(features[0]) == nil)
        #expect(cleaner.cueVerdict(features[1])?.reason == "legal")
        #expect(cleaner.cueVerdict(features[2])?.reason == "legal")
    }

    @Test func menuRunsAreNavigation() throws {
        let (cleaner, features, language) = try setup(["Home", "World", "Sport", prose, "Weather"])
        var verdicts = features.map { cleaner.classifyAlone($0, language: language) }
        cleaner.markMenuRuns(features, &verdicts)
        #expect(verdicts[0...2].allSatisfy { $0.reason == "navigation" })
        #expect(verdicts[4].kind == .short)
    }

    @Test func aLongBlockInsideAnAppealJoinsIt() throws {
        let (cleaner, features, language) = try setup([
            "Your support helps us tell the story",
            "We send reporters to the places where decisions are made, and we believe you deserve to know what happens there when it matters most.",
            "Your donation allows us to keep sending journalists to both sides of the story, wherever that takes us and for as long as it takes.",
            prose,
        ])
        var verdicts = features.map { cleaner.classifyAlone($0, language: language) }
        #expect(verdicts[1].kind == .good)
        cleaner.reviseAppealRuns(features, &verdicts)
        #expect(verdicts[0...2].allSatisfy { $0.reason == "donation-appeal" })
        #expect(verdicts[3].kind == .good)
    }

    @Test func contextRevisionFollowsNeighbours() throws {
        let (cleaner, features, _) = try setup(["x", "x", "x", "x", "x"])
        var verdicts = [Verdict(.good), Verdict(.short), Verdict(.good), Verdict(.short), Verdict(.bad)]
        cleaner.reviseShortAndNearGood(&verdicts, features)
        #expect(verdicts.map(\.kind) == [.good, .good, .good, .bad, .bad])
        var nearGood = [Verdict(.bad), Verdict(.nearGood), Verdict(.bad), Verdict(.nearGood), Verdict(.good)]
        cleaner.reviseShortAndNearGood(&nearGood, features)
        #expect(nearGood.map(\.kind) == [.bad, .bad, .bad, .good, .good])
    }

    @Test func theDensestRegionSkipsFarBoilerplate() throws {
        let teaser = "A short teaser sentence about something else that happened elsewhere in the region."
        let (cleaner, features, language) = try setup(
            ["Menu", prose, prose, "Advert", prose, "Label", "Name", "Date", teaser, "Label", "Name", "Date", teaser])
        let verdicts = features.map { cleaner.classifyAlone($0, language: language) }
        let region = cleaner.densestRegion(features, verdicts)
        #expect(region == 1..<5)
    }

    @Test func nearDuplicatesGoAndTheFirstCopyStays() throws {
        let copy = prose.replacingOccurrences(of: "Tuesday", with: "tuesday") + " "
        let other = "Residents will be asked to vote on three designs for the building in a consultation next month."
        let texts = [prose, other, copy, prose]
        let (cleaner, features, _) = try setup(texts)
        var verdicts = Array(repeating: Verdict(.good), count: texts.count)
        cleaner.removeDuplicates(texts.map { Array($0.utf8) }, features, &verdicts)
        #expect(verdicts.map(\.kind) == [.good, .good, .bad, .bad])
        #expect(verdicts[2].reason == "duplicate")
    }

    @Test func wordShinglesIgnoreCaseAndPunctuation() {
        let a = WordShingles(Array("Russia’s full-scale invasion of Ukraine began".utf8))
        let b = WordShingles(Array("RUSSIA'S FULL SCALE INVASION OF UKRAINE BEGAN.".utf8))
        #expect(a.containment(in: b) == 1)
        #expect(a.containment(inWordsOf: Array("russia s full scale invasion of ukraine began".utf8)) == 1)
        #expect(WordShingles(Array("One two".utf8)).count == 1)
        #expect(WordShingles(Array("".utf8)).isEmpty)
    }
}
