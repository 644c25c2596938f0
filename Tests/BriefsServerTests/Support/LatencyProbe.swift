import Foundation
import Synchronization

/// Asks `GET /healthz` over and over from a thread of its own while a test attacks the server, recording how long
/// each answer took. Hostile-client tests assert a generous bound on the slowest answer and print the real figures.
final class LatencyProbe: Sendable {
    /// What the probe measured.
    struct Summary: CustomStringConvertible {
        var samples: [Duration]
        var failures: [String]

        var count: Int { samples.count }
        var maximum: Duration { samples.max() ?? .zero }
        func percentile(_ fraction: Double) -> Duration {
            guard !samples.isEmpty else { return .zero }
            let sorted = samples.sorted()
            let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
            return sorted[index]
        }

        var description: String {
            func ms(_ duration: Duration) -> String {
                let value = Double(duration.components.seconds) * 1000
                    + Double(duration.components.attoseconds) / 1e15
                return String(format: "%.2f ms", value)
            }
            return "\(count) probes, median \(ms(percentile(0.5))), p99 \(ms(percentile(0.99))), "
                + "max \(ms(maximum)), \(failures.count) failures"
        }
    }

    private let port: Int
    private let reusesConnection: Bool
    private let samples = Mutex<[Duration]>([])
    private let failures = Mutex<[String]>([])
    private let isStopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - reusesConnection: keep one keep-alive connection (it then holds a connection slot from the start), or
    ///     connect anew for each probe (the accept path is measured too).
    init(port: Int, reusesConnection: Bool) {
        self.port = port
        self.reusesConnection = reusesConnection
    }

    /// Starts probing every `interval`; returns once the first probe has been answered (or failed).
    func start(every interval: Duration = .milliseconds(10)) {
        let firstDone = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            run(interval: interval, firstDone: firstDone)
        }
        thread.start()
        _ = firstDone.wait(timeout: .now() + 5)
    }

    /// Stops probing and returns the figures.
    func stop() -> Summary {
        isStopping.store(true, ordering: .relaxed)
        _ = finished.wait(timeout: .now() + 10)
        return Summary(samples: samples.withLock { $0 }, failures: failures.withLock { $0 })
    }

    private func run(interval: Duration, firstDone: DispatchSemaphore) {
        defer { finished.signal() }
        var client: TestClient?
        var isFirst = true
        while !isStopping.load(ordering: .relaxed) {
            let started = ContinuousClock.now
            do {
                if client == nil || !reusesConnection { client = try TestClient(port: port) }
                guard let current = client else { break }
                try current.send("GET /healthz HTTP/1.1\r\nHost: probe\r\n\r\n")
                let response = try current.readResponse()
                let elapsed = ContinuousClock.now - started
                if response.status == 200 {
                    samples.withLock { $0.append(elapsed) }
                } else {
                    failures.withLock { $0.append("status \(response.status)") }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
                client = nil
            }
            if !reusesConnection { client?.close() }
            if isFirst {
                isFirst = false
                firstDone.signal()
            }
            Thread.sleep(
                forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
        }
        if isFirst { firstDone.signal() }
    }
}
