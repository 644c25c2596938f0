import Testing
@testable import BriefsDomain

@Test func scratchFeatures() throws {
    let cleaner = try #require(CleaningSupport.cleaner)
    var scanner = BlockScanner(lexicon: cleaner.lexicon, cjkWeight: 3)
    let text = "The person, who was not identified, was hospitalized in the county of Huade in north China’s Inner Mongolia Autonomous Region, the news agency said, citing officials."
    let f = scanner.features(of: Array(text.utf8))
    print(f, cleaner.lexicon.languages)
    print(cleaner.classifyAlone(f, language: 2))
}
