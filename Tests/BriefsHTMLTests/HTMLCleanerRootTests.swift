import BriefsDomain
import Testing

@testable import BriefsHTML

@Suite("HTMLCleaner content root")
struct HTMLCleanerRootTests {
    let cleaner: HTMLCleaner

    init() throws { cleaner = try Fixtures.cleaner() }

    static let teasers = (1...4).map { number in
        "<li><h3><a href=\"/story-\(number)\">Another story number \(number) from our newsroom</a></h3>"
            + "<p>A summary of the other story number \(number), long enough to read like a paragraph of prose.</p></li>"
    }.joined()

    @Test func teaserCardsAreNotArticleText() {
        let html = Fixtures.page("<div class=\"main\">\(Fixtures.proseParagraphs)<ul>\(Self.teasers)</ul></div>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        #expect(result.removed.contains { $0.reason == "teaser" && $0.text.hasPrefix("A summary of the other story number 2") })
    }

    @Test func manyTeasersDoNotPullTheRootAway() {
        let manyTeasers = (0..<3).map { _ in "<ul>\(Self.teasers)</ul>" }.joined()
        let html = Fixtures.page("<div><div class=\"x\">\(Fixtures.proseParagraphs)</div><div class=\"y\">\(manyTeasers)</div></div>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
    }

    @Test func ledeSetApartBeforeTheBodyJoinsIt() {
        let lede = "Lede: the council voted late on Tuesday to approve a budget that had divided the city for months."
        let body = (Fixtures.prose + Fixtures.prose.map { $0.replacingOccurrences(of: "The", with: "This") })
            .map { "<p>\($0)</p>" }.joined()
        let html = Fixtures.page("<div class=\"wrap\"><div class=\"intro\"><p>\(lede)</p></div><div class=\"rest\">\(body)</div></div>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.first == lede)
        #expect(result.paragraphs.count == 11)
    }

    @Test func sidebarAfterTheBodyDoesNotJoinIt() {
        let sidebar = "Our most read story this week explains how to save money on heating during the coming winter."
        let html = Fixtures.page("<div class=\"wrap\"><div class=\"a\">\(Fixtures.proseParagraphs)</div><div class=\"b\"><p>\(sidebar)</p></div></div>")
        #expect(cleaner.clean(html: html).paragraphs == Fixtures.prose)
    }

    @Test func articleBodyMarkupWidensTheRoot() {
        let first = "<div class=\"block\"><p>\(Fixtures.prose[0])</p></div><figure><img src=\"a.jpg\"></figure>"
        let rest = "<div class=\"block\">\((Fixtures.prose[1...] + Fixtures.prose[1...]).map { "<p>\($0) Again.</p>" }.joined())</div>"
        let html = Fixtures.page("<main><div itemprop=\"articleBody\">\(first)\(rest)</div></main>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.first == Fixtures.prose[0])
    }

    @Test func laterH1InsideTheArticleIsASubheading() {
        let html = Fixtures.page(
            "<h1>Council passes budget</h1><article>\(Fixtures.prose[0...1].map { "<p>\($0)</p>" }.joined())"
                + "<h1>Second phase</h1>\(Fixtures.prose[2...].map { "<p>\($0)</p>" }.joined())</article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.contains("Second phase"))
        #expect(!result.paragraphs.contains("Council passes budget"))
    }

    @Test func pageWithoutProseKeepsWhatLittleItHas() {
        let html = Fixtures.page("<div><p>Short note.</p><p>Another short line.</p></div>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == ["Short note.", "Another short line."])
    }
}
