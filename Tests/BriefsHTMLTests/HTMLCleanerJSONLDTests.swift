import BriefsDomain
import Testing

@testable import BriefsHTML

@Suite("HTMLCleaner JSON-LD articleBody")
struct HTMLCleanerJSONLDTests {
    let cleaner: HTMLCleaner

    init() throws { cleaner = try Fixtures.cleaner() }

    static func jsonLD(body: String) -> String {
        let escaped = body.replacingOccurrences(of: "\"", with: "\\\"")
        return "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
            + "\"articleBody\":\"\(escaped)\"}</script>"
    }

    @Test func articleBodySelectsMatchingBlocksAndDropsTheRest() {
        let promo = "Readers who enjoyed this story also liked our long guide to the region's best walking routes."
        let html = Fixtures.page(
            "<div class=\"content\">\(Fixtures.proseParagraphs)<p>\(promo)</p></div>",
            head: Self.jsonLD(body: Fixtures.prose.joined(separator: " ")))
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        #expect(result.removed.contains(RemovedBlock(text: promo, reason: "not-in-article-body")))
    }

    @Test func articleBodyRecoversParagraphsTheStructureMissed() {
        // The last paragraph sits apart, after the body: the structure alone leaves it out.
        let html = Fixtures.page(
            "<div class=\"wrap\"><div class=\"body\">\(Fixtures.prose[..<4].map { "<p>\($0)</p>" }.joined())</div>"
                + "<div class=\"other\"><p>\(Fixtures.prose[4])</p></div></div>",
            head: Self.jsonLD(body: Fixtures.prose.joined(separator: "\n")))
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
    }

    @Test func articleBodyDoesNotResurrectBoilerplateBoxes() {
        let promo = "Subscribe to the Gazette Pro service for as little as one pound a month and read without limits."
        let html = Fixtures.page(
            "<article>\(Fixtures.proseParagraphs)<div class=\"promo-box\"><p>\(promo)</p></div></article>",
            head: Self.jsonLD(body: (Fixtures.prose + [promo]).joined(separator: "\n")))
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
        #expect(result.removed.contains(RemovedBlock(text: promo, reason: "promo")))
    }

    @Test func articleBodyOnlyInJSONLDBecomesTheParagraphs() {
        let html = Fixtures.page(
            "<div><p>Loading…</p></div>", head: Self.jsonLD(body: Fixtures.prose.joined(separator: "\\n")))
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
    }

    @Test func shortOrUnrelatedArticleBodyIsIgnored() {
        let html = Fixtures.page(
            "<article>\(Fixtures.proseParagraphs)</article>", head: Self.jsonLD(body: "A short summary."))
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
    }

    @Test func malformedJSONLDIsSkipped() {
        let html = Fixtures.page(
            "<article>\(Fixtures.proseParagraphs)</article>",
            head: "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"articleBody\": </script>")
        let result = cleaner.clean(html: html)
        #expect(result.paragraphs == Fixtures.prose)
    }
}
