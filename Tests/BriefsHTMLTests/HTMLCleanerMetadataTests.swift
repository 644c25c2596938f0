import BriefsDomain
import Testing

@testable import BriefsHTML

@Suite("HTMLCleaner metadata")
struct HTMLCleanerMetadataTests {
    let cleaner: HTMLCleaner

    init() throws { cleaner = try Fixtures.cleaner() }

    func metadata(head: String, body: String = "", lang: String? = nil) -> CleanedDocument {
        cleaner.clean(html: Fixtures.page("<article>\(body)\(Fixtures.proseParagraphs)</article>", head: head, lang: lang))
    }

    @Test func titleFromOpenGraph() {
        let result = metadata(head: "<meta property=\"og:title\" content=\"Council passes budget\"><title>Other | Site</title>")
        #expect(result.title == "Council passes budget")
    }

    @Test func titleFromH1WhenNoMeta() {
        let result = metadata(head: "<title>Whatever - Gazette</title>", body: "<h1>Council passes budget</h1>")
        #expect(result.title == "Council passes budget")
    }

    @Test func titleFromTitleElementWithoutSiteName() {
        #expect(metadata(head: "<title>Council passes budget | The Gazette</title>").title == "Council passes budget")
        let named = metadata(
            head: "<title>Gazette - Council passes late budget</title><meta property=\"og:site_name\" content=\"Gazette\">")
        #expect(named.title == "Council passes late budget")
    }

    @Test func authorFromMetaThenJSONLDThenRelAuthor() {
        #expect(metadata(head: "<meta name=\"author\" content=\"Jane Doe\">").metadata.author == "Jane Doe")
        let jsonLD = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},{\"name\":\"Bo Kim\"}]}</script>"
        #expect(metadata(head: jsonLD).metadata.author == "Ann Lee, Bo Kim")
        #expect(metadata(head: "", body: "<p>By <a rel=\"author\" href=\"/jd\">John Roe</a></p>").metadata.author == "John Roe")
        #expect(metadata(head: "<meta name=\"author\" content=\"By Ann Lee | 12 March 2024\">").metadata.author == "Ann Lee")
    }

    @Test func publishedAtFromJSONLDThenMetaThenTime() {
        let jsonLD = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-03-12T08:00:00Z\"}</script>"
        #expect(metadata(head: jsonLD).metadata.publishedAt == "2024-03-12T08:00:00Z")
        let meta = "<meta property=\"article:published_time\" content=\"2024-03-11T07:00:00+01:00\">"
        #expect(metadata(head: meta).metadata.publishedAt == "2024-03-11T07:00:00+01:00")
        #expect(metadata(head: "", body: "<time datetime=\"2024-03-10\">10 March</time>").metadata.publishedAt == "2024-03-10")
    }

    @Test func siteNameFromOpenGraphOrPublisher() {
        #expect(metadata(head: "<meta property=\"og:site_name\" content=\"The Gazette\">").metadata.siteName == "The Gazette")
        let jsonLD = "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"NewsArticle\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"Daily Post\"}}]}</script>"
        #expect(metadata(head: jsonLD).metadata.siteName == "Daily Post")
    }

    @Test func canonicalURLFromLinkThenOpenGraph() {
        let both = "<meta property=\"og:url\" content=\"https://example.com/og\"><link rel=\"canonical\" href=\"https://example.com/a\">"
        #expect(metadata(head: both).metadata.canonicalURL == "https://example.com/a")
        #expect(
            metadata(head: "<meta property=\"og:url\" content=\"https://example.com/og\">").metadata.canonicalURL
                == "https://example.com/og")
    }

    @Test func languageFromHTMLLangThenLocale() {
        #expect(metadata(head: "", lang: "it").metadata.language == "it")
        #expect(metadata(head: "<meta property=\"og:locale\" content=\"pt_BR\">").metadata.language == "pt-BR")
    }

    @Test func standfirstFromDescription() {
        let result = metadata(head: "<meta name=\"description\" content=\"Spending rises for roads and libraries.\">")
        #expect(result.standfirst == "Spending rises for roads and libraries.")
    }
}
