import BriefsDomain
import Foundation
import Testing

@testable import BriefsHTML

@Suite("HTMLCleaner structure and density")
struct HTMLCleanerTests {
    let cleaner: HTMLCleaner

    init() throws { cleaner = try Fixtures.cleaner() }

    @Test func keepsArticleParagraphsInOrder() {
        let html = Fixtures.page("<div id=\"main\"><article>\(Fixtures.proseParagraphs)</article></div>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
    }

    @Test func commentsBoxIsDroppedByItsClassHint() {
        let comment = "I have lived in this city for thirty years and I have never seen the council agree on anything."
        let html = Fixtures.page(
            """
            <div class="page"><article><div class="story-body">\(Fixtures.proseParagraphs)</div>
            <div class="comments-section"><p>\(comment)</p></div></article></div>
            """)
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        #expect(result.removed.contains(RemovedBlock(text: comment, reason: "comments")))
    }

    @Test func contentRootSkipsSidebarProse() {
        let sidebar = "Our most read story this week explains how to save money on heating during the coming winter."
        let html = Fixtures.page(
            """
            <div class="wrap"><div class="col-a">\(Fixtures.proseParagraphs)</div>
            <div class="col-b"><p>\(sidebar)</p></div></div>
            """)
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        #expect(result.removed.contains { $0.text == sidebar })
    }

    @Test func linkListInsideArticleIsDropped() {
        let links = "<p><a href=\"/a\">Budget 2024: all the numbers</a> <a href=\"/b\">Council members and their votes</a></p>"
        let html = Fixtures.page("<article>\(Fixtures.prose[0...2].map { "<p>\($0)</p>" }.joined())\(links)"
            + "\(Fixtures.prose[3...].map { "<p>\($0)</p>" }.joined())</article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        #expect(result.removed.contains { $0.reason == "links" && $0.text.hasPrefix("Budget 2024") })
    }

    @Test func proseWithAFewLinksIsKept() {
        let linked = "The <a href=\"/budget\">full budget</a> is published on the council's website for anyone to read today."
        let html = Fixtures.page("<article>\(Fixtures.proseParagraphs)<p>\(linked)</p></article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.last == "The full budget is published on the council's website for anyone to read today.")
    }

    @Test func longParagraphOpeningWithOneLongLinkIsKept() {
        let text = "<a href=\"/wework\">Ousted chief executive Adam Neumann can still name two directors to the board of the company</a>"
            + ", according to filings seen by reporters on Monday and confirmed by two people close to the matter."
        let html = Fixtures.page("<article>\(Fixtures.proseParagraphs)<p>\(text)</p></article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.count == Fixtures.prose.count + 1)
    }

    @Test(arguments: [
        ("<nav><p>Home News Sport Weather Culture Travel and everything else a reader may want to browse.</p></nav>", "navigation"),
        ("<footer><p>Copyright 2024 The Example Gazette, all rights reserved, registered in England no. 1234.</p></footer>", "footer"),
        ("<figure><img src=\"x.jpg\"><figcaption>The council chamber during Tuesday's late-night vote on the budget plan.</figcaption></figure>", "caption"),
        ("<figure><img src=\"x.jpg\"><p>Photo: the council chamber on Tuesday evening, shortly before the final vote was taken.</p></figure>", "caption"),
        ("<aside><p>Sign up to our morning briefing and get the day's most important news in your inbox.</p></aside>", "aside"),
        ("<div class=\"share-tools\"><p>Share this story with friends and family on your favourite social network today.</p></div>", "share"),
        ("<div class=\"newsletter-signup\"><p>Get our free newsletter with the best stories of the week in one email.</p></div>", "newsletter"),
        ("<p>Advertisement</p>", "ad"),
    ])
    func boilerplateIsDroppedWithItsReason(box: String, reason: String) {
        let html = Fixtures.page(
            "<article>\(Fixtures.prose[0...1].map { "<p>\($0)</p>" }.joined())\(box)"
                + "\(Fixtures.prose[2...].map { "<p>\($0)</p>" }.joined())</article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        #expect(result.removed.contains { $0.reason == reason }, "expected a block removed as \(reason): \(result.removed)")
    }

    @Test func scriptStyleAndHiddenTextNeverAppear() {
        let html = Fixtures.page(
            """
            <article><script>var secret = "script text";</script><style>p { color: red }</style>
            \(Fixtures.proseParagraphs)<div hidden><p>Hidden paragraph that should never be shown to any reader at all, ever.</p></div>
            <p style="display: none">Invisible paragraph that should never be shown to any reader at all, either.</p>
            <!-- a comment that is long enough to be mistaken for a paragraph if it were read as text -->
            <noscript><p>Please enable JavaScript to read the comments below this article, thank you.</p></noscript></article>
            """)
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        let everything = (result.paragraphs + result.removed.map(\.text)).joined(separator: " ")
        for word in ["secret", "color", "Hidden", "Invisible", "mistaken", "JavaScript"] {
            #expect(!everything.contains(word), "\(word) leaked")
        }
    }

    @Test func subheadingBetweenParagraphsIsKeptHeadlineIsNot() {
        let html = Fixtures.page(
            "<article><h1>Council passes budget</h1>\(Fixtures.prose[0...1].map { "<p>\($0)</p>" }.joined())"
                + "<h2>What happens next</h2>\(Fixtures.prose[2...].map { "<p>\($0)</p>" }.joined())</article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.contains("What happens next"))
        #expect(!result.paragraphs.contains("Council passes budget"))
        #expect(result.removed.contains(RemovedBlock(text: "Council passes budget", reason: "title")))
    }

    @Test func leadingBylineLineIsDroppedAsShort() {
        let html = Fixtures.page("<article><div>By Jane Doe</div><div>12 March 2024</div>\(Fixtures.proseParagraphs)</article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
    }

    @Test func shortClosingSentenceStaysTrailingLabelsGo() {
        let html = Fixtures.page(
            "<article><p>By Jane Doe</p>\(Fixtures.proseParagraphs)<p>In short, the plan passed.</p><p>Filed under Politics</p></article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose + ["In short, the plan passed."])
    }

    @Test func longDuplicateParagraphIsDroppedShortRepeatsStay() {
        let long = Fixtures.prose[0...3].joined(separator: " ")
        let html = Fixtures.page(
            "<article><p>\(long)</p>\(Fixtures.proseParagraphs)<p>Add salt.</p><p>\(long)</p><p>Add salt.</p>"
                + "<p>\(Fixtures.prose[4])</p></article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.filter { $0 == long }.count == 1)
        #expect(result.paragraphs.filter { $0 == "Add salt." }.count == 2)
        #expect(result.removed.contains(RemovedBlock(text: long, reason: "duplicate")))
    }

    @Test func inlineMarkupAndEntitiesReadAsText() {
        let html = Fixtures.page(
            "<article>\(Fixtures.proseParagraphs)<p>Caf&eacute; owners &amp; <b>bakers</b> <i>welcomed</i> the plan,&nbsp;saying it&#39;s a sensible line<br>break.</p></article>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs.last == "Café owners & bakers welcomed the plan, saying it's a sensible line break.")
    }

    @Test func tableRowsReadAsLines() {
        let rows = (1...6).map { "<tr><td>\($0)</td><td>Team \($0)</td><td>\(100 - $0)</td></tr>" }.joined()
        let html = Fixtures.page("<article>\(Fixtures.proseParagraphs)<table>\(rows)</table></article>")
        let result = cleaner.clean(html: html)
        #expect(!result.paragraphs.contains("1"))
        #expect(result.removed.contains { $0.text == "1 Team 1 99" } || result.paragraphs.contains("1 Team 1 99"))
    }
}
