import BriefsApp
import BriefsDomain
import BriefsHTTP
import BriefsServer
import BriefsStore
import Dispatch
import Foundation
import Logging

// The scale half of issue 5's benchmark (Scripts/bench-scale drives it):
//
//   PipelineBench scale --config DIR [--corpus DIR] [--articles N] [--cache DIR] [--journal-lines J]
//                       [--brief-runs R] [--cached-runs C] [--keep-snapshot PATH]
//       Builds (or reuses from --cache) a store of N articles made by the real ingest pipeline from generated
//       articles, then measures in a fresh temporary data directory: start-up (snapshot load + replay of J journal
//       lines), RSS after start-up in a fresh child process, snapshot write time and size, and the brief of the
//       country with the most articles, rebuilt (uncached) and cached (through `Application.handle`, the app's own
//       response cache). Prints a Markdown table on stdout; progress goes to stderr. `--keep-snapshot` copies the
//       snapshot written from the loaded store to PATH (to compare snapshot writers byte for byte).
//   PipelineBench scale-child --config DIR --dir DATA [--brief-runs R] [--cached-runs C]
//       The fresh process: opens the store at DATA and prints `key<TAB>value` lines (open time, RSS, text size,
//       brief latencies). Nothing but loading runs before the RSS is read.
//
// Generated articles are recombined from the corpus (a lead document's sentences in order, one sentence in four from
// another document), with digits, given names and surnames varied and publication dates spread over three years,
// so the store holds N distinct articles of 1.5-6.5 KB of text (4 KB on average), not copies.

/// Resident and peak resident set size of this process, in bytes, from /proc/self/status.
func residentBytes() -> (current: Int, peak: Int) {
    guard let data = FileManager.default.contents(atPath: "/proc/self/status") else { return (0, 0) }
    var current = 0
    var peak = 0
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, let kilobytes = Int(fields[1]) else { continue }
        if fields[0] == "VmRSS:" { current = kilobytes * 1024 }
        if fields[0] == "VmHWM:" { peak = kilobytes * 1024 }
    }
    return (current, peak)
}

/// glibc's malloc totals over all arenas, from `malloc_info` (looked up at run time; zeros without glibc).
struct MallocTotals {
    /// Bytes the arenas hold from the system minus their free chunks, plus mmapped chunks.
    var inUse = 0
    /// Free bytes kept inside the arenas (fast and regular bins).
    var free = 0
    var arenas = 0

    static func now() -> MallocTotals {
        guard let symbol = dlsym(nil, "malloc_info") else { return MallocTotals() }
        let info = unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32).self)
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        guard let stream = open_memstream(&buffer, &length) else { return MallocTotals() }
        _ = info(0, stream)
        fclose(stream)
        defer { Foundation.free(buffer) }
        guard let buffer else { return MallocTotals() }
        let xml = String(cString: buffer)
        // The totals over all arenas follow the last `</heap>`.
        let totals = xml.range(of: "</heap>", options: .backwards).map { String(xml[$0.upperBound...]) } ?? xml
        func total(_ prefix: String) -> Int {
            guard let start = totals.range(of: prefix) else { return 0 }
            let rest = totals[start.upperBound...]
            guard let sizeStart = rest.range(of: "size=\"") else { return 0 }
            return Int(rest[sizeStart.upperBound...].prefix(while: \.isNumber)) ?? 0
        }
        let free = total("<total type=\"fast\"") + total("<total type=\"rest\"")
        return MallocTotals(
            inUse: total("<system type=\"current\"") - free + total("<total type=\"mmap\""), free: free,
            arenas: xml.components(separatedBy: "<heap nr=").count - 1)
    }
}

/// CPU seconds used so far by the whole process (every thread), or by the calling thread.
func cpuSeconds(thread: Bool = false) -> Double {
    var time = timespec()
    clock_gettime(thread ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
    return sorted[max(0, index)]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

func progress(_ message: String) {
    FileHandle.standardError.write(Data(("# " + message + "\n").utf8))
}

/// Deterministic article generator: article `index` depends only on `index` and the corpus.
struct ScaleGenerator: Sendable {
    let pools: [[String]]
    let givenNames: Set<String>
    let surnames: Set<String>
    let givenList: [String]
    let surnameList: [String]

    init(corpus: Corpus, configDirectory: String) {
        pools = corpus.articleTexts.map(sentences(of:)).filter { $0.count >= 3 }
        func names(_ relative: String) -> [String] {
            guard let data = FileManager.default.contents(atPath: configDirectory + "/" + relative) else { return [] }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
                .filter { !$0.hasPrefix("#") && !$0.isEmpty && !$0.contains(" ") }
        }
        givenList = names("lexicons/entities/given-names.txt")
        surnameList = names("lexicons/entities/surnames.txt")
        givenNames = Set(givenList)
        surnames = Set(surnameList)
    }

    /// Words that are given names or surnames swapped for others, one time in two.
    func varyingNames(_ sentence: String, using random: inout SplitMix) -> String {
        guard !givenList.isEmpty, !surnameList.isEmpty else { return sentence }
        var words = sentence.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for index in words.indices {
            let word = words[index]
            guard let first = word.unicodeScalars.first, first.properties.isUppercase, index > 0 else { continue }
            if givenNames.contains(word), random.next() % 2 == 0 {
                words[index] = givenList[Int(random.next() % UInt64(givenList.count))]
            } else if surnames.contains(word), random.next() % 2 == 0 {
                words[index] = surnameList[Int(random.next() % UInt64(surnameList.count))]
            }
        }
        return words.joined(separator: " ")
    }

    func submission(_ index: Int) -> ArticleSubmission {
        var random = SplitMix(state: UInt64(index) &* 0x9E37_79B9 &+ 17)
        let lead = pools[index % pools.count]
        let target = 1_500 + Int(random.next() % 5_000)
        var chosen: [String] = []
        var length = 0
        var position = Int(random.next() % UInt64(lead.count))
        while length < target {
            let sentence: String
            if random.next() % 4 == 0 {
                let other = pools[Int(random.next() % UInt64(pools.count))]
                sentence = other[Int(random.next() % UInt64(other.count))]
            } else {
                sentence = lead[position % lead.count]
                position += 1
            }
            let varied = varyingNames(varyingDigits(sentence, using: &random), using: &random)
            chosen.append(varied)
            length += varied.utf8.count + 1
        }
        // A running number keeps two articles from ever cleaning to the same body (same id).
        chosen.append("Report \(index + 1) of the series.")
        let paragraphs = stride(from: 0, to: chosen.count, by: 3).map {
            chosen[$0..<min($0 + 3, chosen.count)].joined(separator: " ")
        }
        let day = 1 + Int(random.next() % 28)
        let month = 1 + Int(random.next() % 12)
        let year = 2024 + Int(random.next() % 3)
        let published = String(format: "%04d-%02d-%02d", year, month, day)
        return ArticleSubmission(
            content: .text(paragraphs.joined(separator: "\n\n")), title: String(chosen[0].prefix(90)),
            url: "https://news.example/\(index)", source: "Example \(index % 40)", publishedAt: published)
    }
}

/// Runs the pipeline on articles `range` and inserts them, on `threads` threads (group commit shares fsyncs).
func ingest(
    _ range: Range<Int>, generator: ScaleGenerator, pipeline: ArticlePipeline, store: ArticleStore, threads: Int
) {
    let next = Counter(range.lowerBound)
    let failures = Counter(0)
    let group = DispatchGroup()
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    for _ in 0..<threads {
        // `unowned`: a `Thread` releases its block when the thread exits, which may be after `group.wait()` returns.
        // A strong capture made a worker's exit, not the caller, drop the last reference to the store, so its
        // directory lock (released in `deinit`) could still be held when the caller spawned the child process that
        // opens the same directory (`fcntl … errno 11`). The caller keeps the store alive until `ingest` returns.
        let thread = Thread { [unowned store] in
            while true {
                let index = next.take()
                guard index < range.upperBound else { break }
                let article = pipeline.article(from: generator.submission(index), ingestedAt: now)
                if article.body.isEmpty { continue }
                do { _ = try store.insert(article) } catch { _ = failures.take() }
                if index % 10_000 == 0 { progress("ingested \(index)") }
            }
            group.leave()
        }
        group.enter()
        thread.start()
    }
    group.wait()
    if failures.value > 0 { fail("\(failures.value) inserts failed") }
}

/// A shared counter.
final class Counter: @unchecked Sendable {
    // Invariant: `current` is touched only while holding `lock`.
    private let lock = NSLock()
    private var current: Int

    init(_ start: Int) { current = start }

    /// Returns the current value and increments it.
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        current += 1
        return current - 1
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return current
    }
}

func loadConfig(_ directory: String) -> (ConfigFiles, DomainServices) {
    do {
        let config = try ConfigDirectory.load(URL(fileURLWithPath: directory))
        return (config, try DomainServices(config: config))
    } catch {
        fail("Config: \(error)")
    }
}

func copyFile(_ source: String, _ destination: String) {
    do {
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    } catch {
        fail("copy \(source): \(error)")
    }
}

/// The `scale` subcommand: see the overview comment above.
func runScale(options: Options, corpus: Corpus, configDirectory: String) {
    let count = options.int("articles", 100_000)
    let journalLines = options.int("journal-lines", 1_000)
    let threads = options.int("threads", 16)
    let cacheRoot = options.values["cache"] ?? (NSTemporaryDirectory() + "newsbriefs-scale-cache")
    let (_, domain) = loadConfig(configDirectory)
    let generator = ScaleGenerator(corpus: corpus, configDirectory: configDirectory)
    guard !generator.pools.isEmpty else { fail("no corpus sentences") }
    let origin = corpus.origin == "generated" ? "generated corpus" : "corpus"

    // 1. The cached store of `count` articles (a snapshot), built once per corpus kind and size.
    let cacheDirectory = "\(cacheRoot)/v1-\(corpus.origin == "generated" ? "gen" : "corpus")-\(count)"
    let cachedSnapshot = cacheDirectory + "/snapshot.json"
    if !FileManager.default.fileExists(atPath: cacheDirectory + "/complete") {
        progress("generating \(count) articles through the pipeline into \(cacheDirectory) (once)")
        try? FileManager.default.removeItem(atPath: cacheDirectory)
        let start = ContinuousClock.now
        do {
            let store = try ArticleStore.open(directory: URL(fileURLWithPath: cacheDirectory))
            ingest(0..<count, generator: generator, pipeline: domain.pipeline, store: store, threads: threads)
            _ = try store.writeSnapshot()
        } catch {
            fail("building the cached store: \(error)")
        }
        _ = FileManager.default.createFile(atPath: cacheDirectory + "/complete", contents: Data())
        progress(String(format: "generated in %.1f s", seconds(since: start)))
    }

    // 2. A fresh data directory: the cached snapshot plus `journalLines` newer articles in the journal.
    let work = NSTemporaryDirectory() + "newsbriefs-scale-\(getpid())"
    let data = work + "/data"
    defer { try? FileManager.default.removeItem(atPath: work) }
    try? FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    copyFile(cachedSnapshot, data + "/snapshot.json")
    let cachedOpen: Double
    var snapshotSeconds = Double.nan
    var snapshotCPUSeconds = Double.nan
    var snapshotBytes = 0
    var snapshotArticles = 0
    do {
        let start = ContinuousClock.now
        let store = try ArticleStore.open(directory: URL(fileURLWithPath: data))
        cachedOpen = seconds(since: start)
        progress(String(format: "cached snapshot loaded in %.2f s; writing a snapshot", cachedOpen))
        let writeCPU = cpuSeconds()
        let report = try store.writeSnapshot()
        snapshotCPUSeconds = cpuSeconds() - writeCPU
        snapshotSeconds = report.durationSeconds
        snapshotBytes = report.bytes
        snapshotArticles = report.articleCount
        // `--keep-snapshot PATH`: a copy of the snapshot just written (to compare writers byte for byte).
        if let keep = options.values["keep-snapshot"] { copyFile(data + "/snapshot.json", keep) }
        progress(String(format: "snapshot written in %.2f s; adding %d journal lines", snapshotSeconds, journalLines))
        ingest(
            count..<(count + journalLines), generator: generator, pipeline: domain.pipeline, store: store,
            threads: threads)
    } catch {
        fail("open: \(error)")
    }

    // 3. A fresh process: start-up time, RSS, briefs.
    progress("fresh process: open, RSS, briefs")
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = [
        "scale-child", "--config", configDirectory, "--dir", data,
        "--brief-runs", options.values["brief-runs"] ?? "20", "--cached-runs", options.values["cached-runs"] ?? "2000",
    ]
    let pipe = Pipe()
    child.standardOutput = pipe
    do { try child.run() } catch { fail("child: \(error)") }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    child.waitUntilExit()
    guard child.terminationStatus == 0 else { fail("child failed with status \(child.terminationStatus)") }
    var values: [String: String] = [:]
    for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
        let parts = line.split(separator: "\t", maxSplits: 1)
        if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
    }
    func number(_ key: String) -> Double { values[key].flatMap(Double.init) ?? .nan }

    let textMB = number("text_bytes") / 1e6
    let rssMB = number("rss_bytes") / 1e6
    let peakMB = number("peak_rss_bytes") / 1e6
    print("| what | value | target |")
    print("|---|---|---|")
    print("| articles stored (\(origin)) | \(values["articles"] ?? "?") | 100,000 |")
    print(String(format: "| raw body text (MB, UTF-8) | %.1f | |", textMB))
    print(String(format: "| RSS after start-up, fresh process (MB) / ratio to text | %.1f / %.2fx | ≤ 2.5x |", rssMB, rssMB / textMB))
    print(String(format: "| peak RSS during start-up (MB) / ratio | %.1f / %.2fx | |", peakMB, peakMB / textMB))
    print(String(format: "| RSS per article (KB) | %.1f | |", number("rss_bytes") / max(1, number("articles")) / 1024))
    print(
        String(
            format: "| malloc after start-up: in use / free inside the arenas (MB), arenas | %.1f / %.1f, %.0f | |",
            number("heap_in_use_bytes") / 1e6, number("heap_free_bytes") / 1e6, number("heap_arenas")))
    print(
        String(
            format: "| packed facts and removed blocks (MB) / per article (bytes) | %.1f / %.0f | |",
            number("packed_facts_bytes") / 1e6, number("packed_facts_bytes") / max(1, number("articles"))))
    print(
        String(
            format: "| start-up: snapshot load + %d journal lines (s wall / CPU s, all threads) | %.2f / %.2f | ≤ 5 |",
            journalLines, number("open_seconds"), number("open_cpu_seconds")))
    print(String(format: "| load of the cached snapshot (as generated; other format when older) (s) | %.2f | |", cachedOpen))
    print(
        String(
            format: "| snapshot write, %d articles (s wall / CPU s, all threads) / size (MB) | %.2f / %.2f / %.1f | ≤ 5 |",
            snapshotArticles, snapshotSeconds, snapshotCPUSeconds, Double(snapshotBytes) / 1e6))
    print(
        "| largest country / its articles | \(values["country"] ?? "?") / \(values["country_articles"] ?? "?") | |")
    print(
        String(
            format: "| brief rebuild after a write, uncached (ms) p50 / p99 (%@ runs) | %.1f / %.1f | p99 ≤ 100 |",
            values["brief_runs"] ?? "?", number("rebuild_p50_ms"), number("rebuild_p99_ms")))
    print(
        String(
            format: "| brief rebuild, thread CPU (ms) p50 / p99 | %.1f / %.1f | |", number("rebuild_cpu_p50_ms"),
            number("rebuild_cpu_p99_ms")))
    print(
        String(
            format: "| brief: first build, creating the country's index (ms) | %.0f | |", number("first_build_ms")))
    print(
        String(
            format: "| brief: full build from all articles, no index (thread CPU ms, p50) | %.0f | |",
            number("full_cpu_p50_ms")))
    print(
        String(
            format: "| brief GET, cached (ms) p50 / p99 (%@ requests, Application.handle) | %.3f / %.3f | p99 ≤ 5 |",
            values["cached_runs"] ?? "?", number("cached_p50_ms"), number("cached_p99_ms")))
    print(String(format: "| brief response bytes | %.0f | |", number("brief_bytes")))
}

/// The `scale-child` subcommand: open, measure RSS, then briefs. Prints `key<TAB>value` lines.
func runScaleChild(options: Options, configDirectory: String) {
    guard let directory = options.values["dir"] else { fail("scale-child needs --dir") }
    let start = ContinuousClock.now
    let startCPU = cpuSeconds()
    let store: ArticleStore
    do {
        store = try ArticleStore.open(directory: URL(fileURLWithPath: directory))
    } catch {
        fail("open: \(error)")
    }
    let openSeconds = seconds(since: start)
    print("open_cpu_seconds\t\(cpuSeconds() - startCPU)")
    let rss = residentBytes()
    print("open_seconds\t\(openSeconds)")
    print("rss_bytes\t\(rss.current)")
    print("peak_rss_bytes\t\(rss.peak)")
    // Where the resident memory is: bytes malloc hands out, and free bytes kept inside its arenas (all arenas).
    let heap = MallocTotals.now()
    print("heap_in_use_bytes\t\(heap.inUse)")
    print("heap_free_bytes\t\(heap.free)")
    print("heap_arenas\t\(heap.arenas)")

    let (_, domain) = loadConfig(configDirectory)
    let counts = store.countryCounts()
    print("articles\t\(store.statistics.articleCount)")
    var textBytes = 0
    var packedBytes = 0
    var cursor: String?
    repeat {
        guard let page = try? store.page(limit: 1_000, cursor: cursor, country: nil) else { break }
        for article in page.items {
            textBytes += article.body.text.utf8.count
            packedBytes += article.packedFacts.byteCount
        }
        cursor = page.nextCursor
    } while cursor != nil
    print("text_bytes\t\(textBytes)")
    print("packed_facts_bytes\t\(packedBytes)")

    guard let (code, countryArticles) = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }),
        let country = domain.pipeline.catalog.country(code: code)
    else { fail("no countries") }
    print("country\t\(code)")
    print("country_articles\t\(countryArticles)")

    // Full builds from every article (the path without the store's index, also taken with `since`).
    let catalog = domain.pipeline.catalog
    let nameOf: (String) -> String? = { catalog.country(code: $0)?.name }
    var fullBuilds: [Double] = []
    for _ in 0..<options.int("full-runs", 3) {
        let runCPU = cpuSeconds(thread: true)
        _ = domain.briefs.brief(for: country, articles: store.articles(inCountry: code), limit: 20, nameOf: nameOf)
        fullBuilds.append((cpuSeconds(thread: true) - runCPU) * 1000)
    }
    fullBuilds.sort()
    print("full_cpu_p50_ms\t\(percentile(fullBuilds, 0.5))")

    // The first brief through the store builds the country's index.
    let firstStart = ContinuousClock.now
    _ = store.brief(for: country, since: nil, limit: 20, builder: domain.briefs, nameOf: nameOf)
    print("first_build_ms\t\(seconds(since: firstStart) * 1000)")

    // Rebuilds, as after a write empties the response cache: each run first removes and stores again one of the
    // country's articles (two journal writes that update the index; not timed), then builds the brief.
    let runs = options.int("brief-runs", 20)
    let sample = store.articles(inCountry: code).prefix(runs)
    var rebuilds: [Double] = []
    var rebuildCPU: [Double] = []
    for article in sample {
        do {
            _ = try store.remove(id: article.id)
            _ = try store.insert(article)
        } catch {
            fail("write: \(error)")
        }
        let runStart = ContinuousClock.now
        let runCPU = cpuSeconds(thread: true)
        let brief = store.brief(for: country, since: nil, limit: 20, builder: domain.briefs, nameOf: nameOf)
        rebuilds.append(seconds(since: runStart) * 1000)
        rebuildCPU.append((cpuSeconds(thread: true) - runCPU) * 1000)
        _ = brief
    }
    rebuilds.sort()
    print("brief_runs\t\(rebuilds.count)")
    print("rebuild_p50_ms\t\(percentile(rebuilds, 0.5))")
    print("rebuild_p99_ms\t\(percentile(rebuilds, 0.99))")
    rebuildCPU.sort()
    print("rebuild_cpu_p50_ms\t\(percentile(rebuildCPU, 0.5))")
    print("rebuild_cpu_p99_ms\t\(percentile(rebuildCPU, 0.99))")

    // Cached: through the application's handler (its response cache), after one warming request.
    var configuration = AppConfiguration()
    configuration.dataDirectory = directory
    configuration.configDirectory = configDirectory
    configuration.snapshotIntervalSeconds = 0
    let application = Application(
        configuration: configuration, domain: domain, store: store, logger: Logger(label: "scale"))
    let path = "/v1/countries/\(code.lowercased())"
    let request = Request(method: "GET", target: path, path: path)
    let context = RequestContext(remoteAddress: "127.0.0.1:1", requestID: "scale")
    let first = application.handle(request, context: context)
    print("brief_bytes\t\(first.body.count)")
    let cachedRuns = options.int("cached-runs", 2_000)
    var cached: [Double] = []
    cached.reserveCapacity(cachedRuns)
    for _ in 0..<cachedRuns {
        let runStart = ContinuousClock.now
        let response = application.handle(request, context: context)
        cached.append(seconds(since: runStart) * 1000)
        if response.status != 200 { fail("cached brief answered \(response.status)") }
    }
    cached.sort()
    print("cached_runs\t\(cached.count)")
    print("cached_p50_ms\t\(percentile(cached, 0.5))")
    print("cached_p99_ms\t\(percentile(cached, 0.99))")
}
