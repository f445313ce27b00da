import CCurl
import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request in flight on the transport: its easy handle, the body going
/// out, the response coming in, and the continuation to resume once.
/// Touched only by the transport's loop thread after it is submitted.
///
/// Host code never runs on the loop thread: a `.stream` body's reader
/// (`BodyFeed`), a `.stream` sink's writer (`ReplyDrain`) and the progress
/// handler (`ProgressRelay`) run on the transfer's `HostLane`, and the
/// completion waits until the lane has run everything posted to it.
/// Memory and file sinks, placed replies (`ReplyPlacement`) and file and
/// byte bodies stay on the loop thread (brief copies and local file I/O, no
/// host code); a file sink's commit (an fsync, which may take seconds) runs
/// on `BlockingIO`, so it never holds up the client's other transfers.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let easy: UnsafeMutableRawPointer
    /// Where `easy` came from and goes back to.
    private let handles: CurlHandlePool
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var continuation: CheckedContinuation<Result<HTTPResponse, CloudError>, Never>?

    // Upload state.
    private var uploadData: Data = Data()
    private var uploadOffset = 0
    private var uploadFile: FileHandle?
    private var uploaded: Int64 = 0
    /// The body's length; nil for a stream of unknown length, which curl
    /// sends chunked (HTTP/1.1) and which is checked only by its end.
    let uploadLength: Int64?

    // Download state.
    let sink: BodySink
    let deliverBody: @Sendable (Int) -> Bool
    let progress: ProgressHandler?
    private(set) var status = 0
    private(set) var headers: [HTTPHeader] = []
    private var memory = Data()
    private var sinkFile: AtomicFileSink?
    private var delivering: Bool?
    private var downloaded: Int64 = 0
    /// The body bytes this reply may bring; set once its headers are in.
    private var replyLimit: ReplyLimit?
    private let maxReplyBytes: Int64
    let timeouts: TransferTimeouts
    /// Set (under the transport's lock) when the waiting task was cancelled.
    var cancelRequested = false
    /// Set by the loop thread before it completes the transfer while others
    /// are in flight: the waiting task is then resumed from the Swift pool,
    /// not run on the loop thread (a client that calls on the thread at hand
    /// would otherwise read every reply on the loop thread, one after the
    /// other, while the loop has other transfers to serve).
    var completesElsewhere = false
    /// The error a callback hit, reported instead of curl's generic code.
    var callbackError: CloudError?

    // Host side: nil when the transfer calls no host code.
    private let lane: HostLane?
    private let feed: BodyFeed?
    private let drain: ReplyDrain?
    private let relay: ProgressRelay?
    /// How the host side reaches the loop; connected by the transport.
    let signals = TransferSignals()
    /// The stall limit (loop thread only); started when the transfer is added.
    private(set) var stall: StallWatch

    init(
        request: HTTPRequest, sink: BodySink, deliverBody: @escaping @Sendable (Int) -> Bool, progress: ProgressHandler?,
        options: HTTPTransportOptions, handles: CurlHandlePool, bufferCapacity: Int = ReplyDrain.defaultCapacity
    ) throws(CloudError) {
        guard let easy = handles.take() else { throw CloudError(.internal, "curl_easy_init failed") }
        self.request = request
        self.easy = easy
        self.handles = handles
        self.sink = sink
        self.deliverBody = deliverBody
        self.progress = progress
        maxReplyBytes = options.maxReplyBytes
        timeouts = TransferTimeouts(request: request, options: options)
        stall = StallWatch(seconds: timeouts.stall)
        var streamReader: BodyReader?
        switch request.body {
        case .none: uploadLength = 0
        case .bytes(let data):
            uploadData = data
            uploadLength = Int64(data.count)
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CloudError(.notFound, "cannot open \(path) for reading", code: "NoSuchFile")
            }
            uploadFile = handle
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
            uploadLength = size ?? 0
        case .stream(let length, let reader):
            streamReader = reader
            uploadLength = length
        }
        var streamWriter: BodyWriter?
        if case .stream(let writer) = sink { streamWriter = writer }
        let signals = signals
        let lane = streamReader != nil || streamWriter != nil || progress != nil
            ? HostLane(onFailure: { signals.send(.abort($0)) }) : nil
        self.lane = lane
        let length = uploadLength
        feed = lane.flatMap { lane in
            streamReader.map { BodyFeed(reader: $0, length: length, lane: lane, signals: signals, capacity: bufferCapacity) }
        }
        drain = lane.flatMap { lane in
            streamWriter.map { ReplyDrain(writer: $0, progress: progress, lane: lane, signals: signals, capacity: bufferCapacity) }
        }
        relay = lane.flatMap { lane in progress.map { ProgressRelay($0, lane: lane) } }
        configure(verifyTLS: options.verifyTLS)
    }

    deinit {
        handles.give(easy)
        curl_slist_free_all(headerList)
        try? uploadFile?.close()
        sinkFile?.discard()
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> CurlTransfer? {
        pointer.map { Unmanaged<CurlTransfer>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Whether the request body comes from a file or a stream, or is a large one in memory.
    private var isBulkUpload: Bool {
        switch request.body {
        case .none: return false
        case .bytes(let data): return data.count > HTTPTransportOptions.bulkBufferSize
        case .file, .stream: return true
        }
    }

    /// Whether the reply body is bound for a file, a stream or a placement rather than memory.
    private var isBulkDownload: Bool {
        if request.placement != nil { return true }
        if case .memory = sink { return false }
        return true
    }

    private func configure(verifyTLS: Bool) {
        ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url)
        // The path goes as signed: an S3 key may hold `.` and `..` segments,
        // which curl would otherwise squash, addressing another object.
        ccurl_easy_setopt_long(easy, CURLOPT_PATH_AS_IS, 1)
        ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        if isBulkDownload { ccurl_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, HTTPTransportOptions.bulkBufferSize) }
        if isBulkUpload { ccurl_easy_setopt_long(easy, CURLOPT_UPLOAD_BUFFERSIZE, HTTPTransportOptions.bulkBufferSize) }
        ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, verifyTLS ? 1 : 0)
        ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, verifyTLS ? 2 : 0)
        ccurl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(timeouts.connect * 1000)))
        if let overall = timeouts.overall { ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, Int(overall * 1000))) }
        // No CURLOPT_LOW_SPEED_*: the transport applies the stall limit (see `StallWatch`).
        ccurl_easy_setopt_ptr(easy, CURLOPT_PRIVATE, opaque)
        ccurl_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, opaque)
        ccurl_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, opaque)
        ccurl_easy_setopt_ptr(easy, CURLOPT_READDATA, opaque)
        ccurl_easy_setopt_write_function(easy, CurlTransfer.writeCallback)
        ccurl_easy_setopt_header_function(easy, CurlTransfer.headerCallback)
        ccurl_easy_setopt_read_function(easy, CurlTransfer.readCallback)

        var headers = request.headers
        switch request.method {
        case "GET": ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case "HEAD": ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        case "PUT":
            ccurl_easy_setopt_long(easy, CURLOPT_UPLOAD, 1)
            ccurl_easy_setopt_off_t(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(uploadLength ?? -1))
        case "POST":
            ccurl_easy_setopt_long(easy, CURLOPT_POST, 1)
            ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(uploadLength ?? -1))
            if headers.first(named: "Content-Type") == nil { headers.append(HTTPHeader("Content-Type", "")) }
        default:
            ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
            if request.body != nil {
                ccurl_easy_setopt_long(easy, CURLOPT_UPLOAD, 1)
                ccurl_easy_setopt_off_t(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(uploadLength ?? -1))
            }
        }
        // No "Expect: 100-continue" round trip; curl's own Accept is not wanted either.
        headers.append(HTTPHeader("Expect", ""))
        for header in headers {
            let line = header.value.isEmpty ? "\(header.name):" : "\(header.name): \(header.value)"
            headerList = curl_slist_append(headerList, line)
        }
        ccurl_easy_setopt_ptr(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
    }

    // MARK: Completion

    func attach(_ continuation: CheckedContinuation<Result<HTTPResponse, CloudError>, Never>) {
        self.continuation = continuation
    }

    /// Resumes the waiting task; later calls do nothing. With a host side,
    /// only once its lane has run what was posted to it: every byte
    /// received reaches the writer first (so after a failure mid-body the
    /// caller has what came, as when the writer ran on the loop), except
    /// when the transfer was cancelled: then what is still buffered is
    /// dropped. A writer or reader error wins over `result`.
    func complete(_ result: Result<HTTPResponse, CloudError>) {
        guard let continuation else { return }
        self.continuation = nil
        guard let lane else {
            if completesElsewhere {
                // Not marked: a call placed on the caller's thread goes on on the Swift pool.
                continuation.resume(returning: result)
            } else {
                ProviderWork.resumeHere { continuation.resume(returning: result) }
            }
            return
        }
        var discarding = false
        if case .failure(let error) = result, error.kind == .cancelled { discarding = true }
        lane.close(discarding: discarding) { failure in
            continuation.resume(returning: failure.map { .failure($0) } ?? result)
        }
    }

    // MARK: Loop thread

    /// The transfer was added to the multi handle: the stall clock starts and a stream body starts reading ahead.
    func started() {
        stall = StallWatch(seconds: timeouts.stall)
        feed?.start()
    }

    /// The host side asked to resume: the stall clock starts afresh.
    func resumed() {
        stall.resumed()
    }

    /// Whether the stall limit has passed: connected (or the request sent),
    /// not paused for the host, and no byte moved for the limit.
    var stalled: Bool {
        guard stall.stalled() else { return false }
        var connectTime: curl_off_t = 0
        var requestSize = 0
        ccurl_easy_getinfo_off_t(easy, CURLINFO_CONNECT_TIME_T, &connectTime)
        ccurl_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        return connectTime > 0 || requestSize > 0
    }

    /// The error of a transfer that stalled.
    func stallError() -> CloudError {
        timeouts.stallError(host: host)
    }

    /// Turns curl's outcome into the response or an error.
    func finish(code: CURLcode) {
        if code == CURLE_OPERATION_TIMEDOUT && callbackError == nil {
            complete(.failure(timeoutError()))
            return
        }
        if code != CURLE_OK {
            complete(.failure(callbackError ?? CurlErrors.map(code, url: request.url)))
            return
        }
        let response = HTTPResponse(status: status, headers: headers, body: memory, placed: request.placement == nil ? 0 : downloaded)
        let file: AtomicFileSink
        if let sinkFile {
            self.sinkFile = nil
            file = sinkFile
        } else if case .file(let path) = sink, delivering ?? ((200..<300).contains(status) && deliverBody(status)) {
            // An empty body: still put an (empty) file in place.
            do {
                file = try AtomicFileSink(replacing: path)
            } catch {
                complete(.failure(error))
                return
            }
        } else {
            complete(.success(response))
            return
        }
        // The fsync waits for the disk: off the loop thread. The transfer has
        // left the loop, so nothing else completes it meanwhile.
        BlockingIO.start(.files) { [self] in
            do throws(CloudError) {
                try file.commit()
                complete(.success(response))
            } catch {
                complete(.failure(error))
            }
        }
    }

    /// The server's host name, for messages.
    private var host: String { URL(string: request.url)?.host ?? request.url }

    /// Which limit ended a transfer curl reports as timed out.
    private func timeoutError() -> CloudError {
        var connectTime: curl_off_t = 0
        var totalTime: curl_off_t = 0
        var requestSize = 0
        ccurl_easy_getinfo_off_t(easy, CURLINFO_CONNECT_TIME_T, &connectTime)
        ccurl_easy_getinfo_off_t(easy, CURLINFO_TOTAL_TIME_T, &totalTime)
        ccurl_easy_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        return timeouts.error(
            host: host, elapsed: Double(totalTime) / 1_000_000,
            sentNothing: connectTime == 0 && requestSize == 0)
    }

    // MARK: Callbacks (loop thread)

    /// Returns false to abort (the reply was refused once its headers were in).
    func receiveHeader(_ line: HTTPHeaderLine) -> Bool {
        stall.moved()
        switch line {
        case .status(let code):
            headers = []
            replyLimit = nil
            status = code
            return true
        case .end:
            // The blank line ending the headers of the final reply (not a 1xx, nor trailers).
            return status < 200 || replyLimit != nil || admitReply()
        case .field(let header):
            headers.append(header)
            return true
        case .other:
            return true
        }
    }

    /// Decides where the body goes and how much of it may come; false (with
    /// `callbackError` set) when the reply is refused.
    private func admitReply() -> Bool {
        if delivering == nil { delivering = (200..<300).contains(status) && deliverBody(status) }
        var inMemory = delivering != true
        if case .memory = sink, request.placement == nil { inMemory = true }
        do {
            let limit = try ReplyLimit(
                method: request.method, status: status, headers: headers, check: request.replyCheck, inMemory: inMemory,
                maxReplyBytes: maxReplyBytes, url: request.url)
            replyLimit = limit
            // A body kept in memory grows once to its announced length (no
            // more than the limit allows), not by doubling and copying.
            if inMemory, let announced = limit.announced, announced > 0, memory.isEmpty { memory.reserveCapacity(Int(announced)) }
            return true
        } catch {
            callbackError = error
            return false
        }
    }

    /// What a write or read callback tells curl.
    enum CallbackOutcome: Equatable {
        case proceed
        case pause
        case abort
    }

    /// Takes the next piece of the reply body: kept in memory, written to
    /// the file, or queued for the host's writer (pausing when its buffer is full).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> CallbackOutcome {
        if replyLimit == nil && !admitReply() { return .abort }
        do {
            try replyLimit?.accept(received: downloaded + Int64(bytes.count))
        } catch {
            callbackError = error
            return .abort
        }
        if sinkFile == nil, delivering == true, downloaded == 0, request.placement == nil {
            if case .file(let path) = sink {
                do {
                    sinkFile = try AtomicFileSink(replacing: path)
                } catch {
                    callbackError = error
                    return .abort
                }
            }
        }
        guard delivering == true else {
            downloaded += Int64(bytes.count)
            stall.moved()
            memory.append(contentsOf: bytes)
            return .proceed
        }
        if let drain {
            switch drain.offer(bytes) {
            case .accepted: break
            case .pause:
                stall.pausedForHost()
                return .pause
            case .abort(let error):
                callbackError = error
                return .abort
            }
        } else {
            do {
                if let placement = request.placement {
                    try placement.target.place(bytes, at: placement.offset + downloaded)
                } else {
                    switch sink {
                    case .memory: memory.append(contentsOf: bytes)
                    case .file: try sinkFile?.write(bytes)
                    case .stream: break
                    }
                }
            } catch {
                callbackError = error
                return .abort
            }
            relay?.report(downloaded + Int64(bytes.count), -1)
        }
        downloaded += Int64(bytes.count)
        stall.moved()
        return .proceed
    }

    /// Fills `buffer` with the next upload bytes: the count (0 at the end),
    /// or -1 to abort, or nil to pause until a stream body's next bytes come in.
    func sendBody(_ buffer: UnsafeMutableRawBufferPointer) -> Int? {
        var count = 0
        if let feed {
            switch feed.take(into: buffer) {
            case .bytes(let taken): count = taken
            case .pause:
                stall.pausedForHost()
                return nil
            case .abort(let error):
                callbackError = error
                return -1
            }
        } else if let uploadFile {
            // Straight into curl's buffer: no piece allocated and copied per call.
            var read: Int
            repeat { read = Glibc.read(uploadFile.fileDescriptor, buffer.baseAddress, buffer.count) } while read < 0 && errno == EINTR
            guard read >= 0 else {
                callbackError = CloudError(.internal, "reading the request body failed: \(String(cString: strerror(errno)))", code: "IOError")
                return -1
            }
            count = read
        } else {
            count = min(buffer.count, uploadData.count - uploadOffset)
            if count > 0 {
                uploadData.copyBytes(to: buffer, from: uploadOffset..<(uploadOffset + count))
                uploadOffset += count
            }
        }
        uploaded += Int64(count)
        if let uploadLength, uploaded > uploadLength {
            callbackError = CloudError(.invalidArgument, "the body is longer than its declared length \(uploadLength)", code: "IncompleteBody")
            return -1
        }
        if let uploadLength, count == 0 && uploaded < uploadLength {
            callbackError = CloudError(.invalidArgument, "the body ended after \(uploaded) of \(uploadLength) bytes", code: "IncompleteBody")
            return -1
        }
        if count > 0 {
            stall.moved()
            relay?.report(uploaded, uploadLength ?? -1)
        }
        return count
    }

    static let writeCallback: curl_write_callback = { pointer, size, count, context in
        let total = size * count
        guard let transfer = from(context) else { return 0 }
        switch transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: total)) {
        case .proceed: return total
        case .pause: return Int(CURL_WRITEFUNC_PAUSE)
        case .abort: return 0
        }
    }

    static let headerCallback: curl_write_callback = { pointer, size, count, context in
        let total = size * count
        guard let transfer = from(context), let pointer else { return total }
        return transfer.receiveHeader(HTTPHeaderLine(UnsafeRawBufferPointer(start: pointer, count: total))) ? total : 0
    }

    static let readCallback: curl_read_callback = { pointer, size, count, context in
        guard let transfer = from(context), let pointer else { return Int(CURL_READFUNC_ABORT) }
        guard let result = transfer.sendBody(UnsafeMutableRawBufferPointer(start: pointer, count: size * count)) else {
            return Int(CURL_READFUNC_PAUSE)
        }
        return result < 0 ? Int(CURL_READFUNC_ABORT) : result
    }
}
