import BriefsApp
import BriefsDomain
import Dispatch
import Foundation

// PipelineBench: the in-process half of issue 5's benchmark suite (Scripts/bench drives it).
//
//   PipelineBench stages   --config DIR [--corpus DIR] [--threads N] [--seconds S]
//       Times each pipeline stage over a set of inputs and prints one tab-separated line per stage:
//       `stage<TAB>threads<TAB>articles/s<TAB>MB/s<TAB>words/s<TAB>articles`.
//       Stages: text cleaning (pasted page text), HTML cleaning (raw pages), facts (plain article text), and the
//       whole POST pipeline (`ArticlePipeline.article`) on the same generated ~4 KB articles that wrk posts.
//       `--only a,b` picks stages; `--count N` runs pipeline_4k exactly N times per thread (for callgrind).
//       On stderr: CPU time per article, which drifts less than the wall-clock rate on a shared machine.
//   PipelineBench generate --config DIR [--corpus DIR] --count N --out FILE [--bytes B]
//       Writes N distinct JSON bodies for POST /v1/articles, one per line, each about B bytes (default 4096).
//       Every body holds the marker `#N#`, which the wrk script replaces with a request counter.
//   PipelineBench dump --config DIR [--corpus DIR] --out FILE
//       Writes the whole pipeline's output (`ArticlePipeline.article`, fixed clock) for the generated ~4 KB articles,
//       the corpus page texts and the corpus HTML pages, one JSON line each: a before/after check that a speed-up
//       changed no output.
//   PipelineBench scale --config DIR [--corpus DIR] [--articles N] [--cache DIR]
//       Scale figures at N stored articles (Scripts/bench-scale; see Scale.swift).
//
// Inputs come from the evaluation corpus (`--corpus`, normally ../shared/corpus) when it exists, else from a
// generated corpus built from the Config gazetteers. Generated articles are recombined from the sentences of many
// corpus documents (a lead document, sentences swapped in from others, numbers varied), so they are not copies.

/// Command-line options as a dictionary of `--name value`.
struct Options {
    var values: [String: String] = [:]
    var positional: [String] = []

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--"), index + 1 < arguments.count {
                values[String(argument.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                positional.append(argument)
                index += 1
            }
        }
    }

    func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
    func double(_ name: String, _ fallback: Double) -> Double { values[name].flatMap(Double.init) ?? fallback }
}

/// A small deterministic generator (SplitMix64), so generated corpora are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The documents the stages run on.
struct Corpus {
    var pageTexts: [String] = []
    var pages: [[UInt8]] = []
    var articleTexts: [String] = []
    var origin = "generated"

    static func files(in directory: String, suffix: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory + "/" + $0 }
    }

    static func load(corpusDirectory: String?, configDirectory: String) -> Corpus {
        var corpus = Corpus()
        if let root = corpusDirectory, FileManager.default.fileExists(atPath: root + "/extraction/html") {
            corpus.origin = root
            for path in files(in: root + "/extraction/html", suffix: ".html") {
                if let data = FileManager.default.contents(atPath: path) { corpus.pages.append(Array(data)) }
            }
            for path in files(in: root + "/extraction/text", suffix: ".txt") {
                if let data = FileManager.default.contents(atPath: path) {
                    corpus.pageTexts.append(String(decoding: data, as: UTF8.self))
                }
            }
            let factsRoot = root + "/facts"
            let corpora = (try? FileManager.default.contentsOfDirectory(atPath: factsRoot))?.sorted() ?? []
            for name in corpora {
                for path in files(in: factsRoot + "/" + name + "/docs", suffix: ".txt") {
                    if let data = FileManager.default.contents(atPath: path) {
                        corpus.articleTexts.append(String(decoding: data, as: UTF8.self))
                    }
                }
            }
        }
        if corpus.articleTexts.isEmpty || corpus.pages.isEmpty {
            corpus = generated(configDirectory: configDirectory)
        }
        return corpus
    }

    /// Synthetic news-like text from the gazetteers in Config (country names, given names), when no corpus exists.
    static func generated(configDirectory: String) -> Corpus {
        func lines(_ relative: String) -> [String] {
            guard let data = FileManager.default.contents(atPath: configDirectory + "/" + relative) else { return [] }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
                .filter { !$0.hasPrefix("#") && !$0.isEmpty }
        }
        let countries = lines("lexicons/geo/countries.tsv").compactMap { $0.split(separator: "\t").dropFirst(2).first }
            .map(String.init)
        let names = lines("lexicons/geo/person-names.txt")
        let places = countries.isEmpty ? ["France", "Kenya", "Peru"] : countries
        let people = names.isEmpty ? ["Maria", "Ahmed", "John"] : names
        let verbs = ["said", "announced", "warned", "confirmed", "denied", "reported"]
        let topics = [
            "the new budget would cut spending by 4 percent", "talks on the trade agreement resumed on Monday",
            "flooding had displaced more than 12,000 people", "the central bank raised its rate to 5.25 percent",
            "the election results would be published on Friday", "the ministry had opened an inquiry into the deal",
        ]
        var random = SplitMix(state: 42)
        var corpus = Corpus()
        for index in 0..<200 {
            var sentences: [String] = []
            for _ in 0..<(20 + index % 15) {
                let place = places.randomElement(using: &random) ?? "France"
                let person = people.randomElement(using: &random) ?? "Maria"
                sentences.append(
                    "\(person) Smith, a spokesperson in \(place), \(verbs.randomElement(using: &random) ?? "said") "
                        + "that \(topics.randomElement(using: &random) ?? "").")
            }
            let title = "Report \(index) from \(places[index % places.count])"
            let paragraphs = stride(from: 0, to: sentences.count, by: 4).map {
                sentences[$0..<min($0 + 4, sentences.count)].joined(separator: " ")
            }
            let text = paragraphs.joined(separator: "\n\n")
            corpus.articleTexts.append(text)
            corpus.pageTexts.append(
                title + "\nHome\nWorld\nSign in\n" + paragraphs.joined(separator: "\n") + "\nShare this article\n© News")
            let html =
                "<!doctype html><html><head><title>\(title)</title></head><body><nav><a href=/>Home</a>"
                + "<a href=/world>World</a></nav><article><h1>\(title)</h1>"
                + paragraphs.map { "<p>\($0)</p>" }.joined() + "</article><footer>© News</footer></body></html>"
            corpus.pages.append(Array(html.utf8))
        }
        return corpus
    }
}

/// Sentences of a text (split after `.`, `!` or `?` followed by a space).
func sentences(of text: String) -> [String] {
    var result: [String] = []
    var current = ""
    var previous: Character = " "
    for character in text {
        if character == "\n" {
            if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current) }
            current = ""
        } else if character == " " && (previous == "." || previous == "!" || previous == "?") {
            result.append(current)
            current = ""
        } else {
            current.append(character)
        }
        previous = character
    }
    if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current) }
    return result.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 20 }
}

/// Digits in `text` changed, so that figures and dates vary from one generated article to the next.
func varyingDigits(_ text: String, using random: inout SplitMix) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        if let digit = character.wholeNumberValue, random.next() % 3 == 0 {
            out.append(String((digit + 1) % 10))
        } else {
            out.append(character)
        }
    }
    return out
}

/// `count` distinct articles of about `bytes` bytes of text, recombined from the corpus articles.
func generatedArticles(from corpus: Corpus, count: Int, bytes: Int, seed: UInt64 = 7) -> [(title: String, text: String)]
{
    let pools = corpus.articleTexts.map(sentences(of:)).filter { $0.count >= 3 }
    guard !pools.isEmpty else { return [] }
    var random = SplitMix(state: seed)
    var result: [(String, String)] = []
    result.reserveCapacity(count)
    for index in 0..<count {
        let lead = pools[index % pools.count]
        var chosen: [String] = []
        var length = 0
        var position = Int(random.next() % UInt64(lead.count))
        while length < bytes - 200 {
            // Mostly the lead document in order; one sentence in four from another document.
            let sentence: String
            if random.next() % 4 == 0 {
                let other = pools[Int(random.next() % UInt64(pools.count))]
                sentence = other[Int(random.next() % UInt64(other.count))]
            } else {
                sentence = lead[position % lead.count]
                position += 1
            }
            let varied = varyingDigits(sentence, using: &random)
            chosen.append(varied)
            length += varied.utf8.count + 1
        }
        let paragraphs = stride(from: 0, to: chosen.count, by: 3).map {
            chosen[$0..<min($0 + 3, chosen.count)].joined(separator: " ")
        }
        let title = String(chosen[0].prefix(90))
        result.append((title, paragraphs.joined(separator: "\n\n")))
    }
    return result
}

func wordCount(_ text: String) -> Int {
    var count = 0
    var inWord = false
    for byte in text.utf8 {
        let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
        if !isSpace && !inWord { count += 1 }
        inWord = !isSpace
    }
    return count
}

/// One timed stage: `work(i)` processes input `i`; the inputs are run through repeatedly for `seconds` on each of
/// `threads` threads (each thread starts at a different input), or exactly `fixedCount` times per thread when given
/// (for instruction counts under callgrind, which should not depend on the machine's speed).
func measure(
    _ name: String, threads: Int, seconds: Double, fixedCount: Int? = nil, inputCount: Int, bytes: [Int], words: [Int],
    _ work: @escaping @Sendable (Int) -> Void
) {
    guard inputCount > 0 else {
        print("\(name)\t\(threads)\t0\t0\t0\t0")
        return
    }
    // Warm-up: a pass over up to 20 inputs, so lazily built tables are not timed.
    for index in 0..<min(inputCount, 20) { work(index) }
    let totals = Totals()
    let cpuStart = processCPUSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    let deadline = start + UInt64(seconds * 1e9)
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
        var done = 0
        var byteCount = 0
        var wordTotal = 0
        var index = (thread * inputCount) / max(threads, 1)
        while fixedCount.map({ done < $0 }) ?? (DispatchTime.now().uptimeNanoseconds < deadline || done == 0) {
            let input = index % inputCount
            work(input)
            done += 1
            byteCount += bytes[input]
            wordTotal += words[input]
            index += 1
        }
        totals.add(done, byteCount, wordTotal)
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = processCPUSeconds() - cpuStart
    let (articles, byteCount, wordTotal) = totals.value
    // On a shared machine the wall-clock rate drifts with other jobs; CPU time per article much less so.
    FileHandle.standardError.write(
        Data(
            String(
                format: "# %@ threads=%d: %.1f articles/CPU-s, %.1f µs CPU per article, %.2f CPUs busy\n", name,
                threads, Double(articles) / max(cpu, 1e-9), cpu * 1e6 / Double(max(articles, 1)), cpu / elapsed
            ).utf8))
    print(
        String(
            format: "%@\t%d\t%.1f\t%.2f\t%.0f\t%d", name, threads, Double(articles) / elapsed,
            Double(byteCount) / elapsed / 1e6, Double(wordTotal) / elapsed, articles))
}

/// User plus system CPU time of the whole process so far, in seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Sums across threads.
final class Totals: @unchecked Sendable {
    // Invariant: `values` is touched only while holding `lock`.
    private let lock = NSLock()
    private var values = (0, 0, 0)

    func add(_ articles: Int, _ bytes: Int, _ words: Int) {
        lock.lock()
        values = (values.0 + articles, values.1 + bytes, values.2 + words)
        lock.unlock()
    }

    var value: (Int, Int, Int) {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}

/// Escapes a string for a JSON document.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? "stages"
let options = Options(Array(arguments.dropFirst()))
let configDirectory = options.values["config"] ?? "Config"
let corpus =
    command == "scale-child"
    ? Corpus() : Corpus.load(corpusDirectory: options.values["corpus"], configDirectory: configDirectory)

switch command {
case "generate":
    let count = options.int("count", 1000)
    let bytes = options.int("bytes", 4096)
    guard let out = options.values["out"] else {
        FileHandle.standardError.write(Data("generate needs --out FILE\n".utf8))
        exit(2)
    }
    var lines = ""
    for (index, article) in generatedArticles(from: corpus, count: count, bytes: bytes).enumerated() {
        let day = String(format: "2026-%02d-%02d", 1 + index % 12, 1 + index % 28)
        let text = article.text + "\n\nReference #N#."
        lines += "{\"title\":\(jsonString(article.title)),\"published_at\":\"\(day)\",\"text\":\(jsonString(text))}\n"
    }
    do {
        try Data(lines.utf8).write(to: URL(fileURLWithPath: out))
    } catch {
        FileHandle.standardError.write(Data("cannot write \(out): \(error)\n".utf8))
        exit(1)
    }
    print("wrote \(count) bodies to \(out) from \(corpus.origin)")

case "stages":
    let threads = options.int("threads", ProcessInfo.processInfo.activeProcessorCount)
    let seconds = options.double("seconds", 3)
    let only = options.values["only"].map { Set($0.split(separator: ",").map(String.init)) }
    let config: ConfigFiles
    let pipeline: ArticlePipeline
    do {
        config = try ConfigDirectory.load(URL(fileURLWithPath: configDirectory))
        pipeline = try ArticlePipeline(config: config)
    } catch {
        FileHandle.standardError.write(Data("Config: \(error)\n".utf8))
        exit(2)
    }
    FileHandle.standardError.write(Data("# corpus: \(corpus.origin)\n".utf8))
    func wanted(_ stage: String) -> Bool { only?.contains(stage) ?? true }

    if wanted("text_clean") {
        let texts = corpus.pageTexts
        measure(
            "text_clean", threads: threads, seconds: seconds, inputCount: texts.count,
            bytes: texts.map(\.utf8.count), words: texts.map(wordCount)
        ) { _ = pipeline.cleaner.textCleaner.clean(text: texts[$0]) }
    }
    if wanted("html_clean") {
        let pages = corpus.pages
        let words = pages.map { wordCount(pipeline.cleaner.htmlCleaner.clean(html: $0).text) }
        measure(
            "html_clean", threads: threads, seconds: seconds, inputCount: pages.count, bytes: pages.map(\.count),
            words: words
        ) { _ = pipeline.cleaner.htmlCleaner.clean(html: pages[$0]) }
    }
    if wanted("facts") {
        let texts = corpus.articleTexts
        measure(
            "facts", threads: threads, seconds: seconds, inputCount: texts.count, bytes: texts.map(\.utf8.count),
            words: texts.map(wordCount)
        ) { _ = pipeline.extractor.facts(in: texts[$0], title: nil, publishedAt: "2026-01-15") }
    }
    if wanted("pipeline_4k") {
        let articles = generatedArticles(from: corpus, count: 500, bytes: 4096)
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        measure(
            "pipeline_4k", threads: threads, seconds: seconds, fixedCount: options.values["count"].flatMap(Int.init),
            inputCount: articles.count,
            bytes: articles.map(\.text.utf8.count), words: articles.map { wordCount($0.text) }
        ) {
            let submission = ArticleSubmission(
                content: .text(articles[$0].text), title: articles[$0].title, publishedAt: "2026-01-15")
            _ = pipeline.article(from: submission, ingestedAt: now)
        }
    }

case "dump":
    guard let out = options.values["out"] else {
        FileHandle.standardError.write(Data("dump needs --out FILE\n".utf8))
        exit(2)
    }
    let pipeline: ArticlePipeline
    do {
        pipeline = try ArticlePipeline(config: try ConfigDirectory.load(URL(fileURLWithPath: configDirectory)))
    } catch {
        FileHandle.standardError.write(Data("Config: \(error)\n".utf8))
        exit(2)
    }
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    var submissions: [ArticleSubmission] = generatedArticles(from: corpus, count: 500, bytes: 4096).map {
        ArticleSubmission(content: .text($0.text), title: $0.title, publishedAt: "2026-01-15")
    }
    submissions += corpus.pageTexts.map { ArticleSubmission(content: .text($0)) }
    submissions += corpus.pages.map { ArticleSubmission(content: .html($0)) }
    submissions += corpus.articleTexts.map { ArticleSubmission(content: .text($0), title: "Article") }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var lines = Data()
    for submission in submissions {
        do {
            lines.append(try encoder.encode(pipeline.article(from: submission, ingestedAt: now)))
            lines.append(0x0A)
        } catch {
            FileHandle.standardError.write(Data("encode: \(error)\n".utf8))
            exit(1)
        }
    }
    do {
        try lines.write(to: URL(fileURLWithPath: out))
    } catch {
        FileHandle.standardError.write(Data("cannot write \(out): \(error)\n".utf8))
        exit(1)
    }
    print("wrote \(submissions.count) articles to \(out) from \(corpus.origin)")

case "scale":
    runScale(options: options, corpus: corpus, configDirectory: configDirectory)

case "scale-child":
    runScaleChild(options: options, configDirectory: configDirectory)

default:
    FileHandle.standardError.write(Data("usage: PipelineBench stages|generate|dump|scale|scale-child [options]\n".utf8))
    exit(2)
}
