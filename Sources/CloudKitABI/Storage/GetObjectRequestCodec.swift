import CCloudKitABI
import CloudKitModel

/// `ck_get_object_request` ↔ `GetObjectRequest`.
public enum GetObjectRequestCodec {
    /// Host side: `request` as a C struct in `arena`, its writer and progress
    /// through `callbacks`; with `lendMemory` (for a provider of ABI 1.6 or
    /// later), a body read into memory lands in memory `callbacks` reserves.
    public static func write(
        _ request: GetObjectRequest, _ arena: CArena, _ callbacks: HostBodyCallbacks, lendMemory: Bool = false
    ) -> ck_get_object_request {
        var c = ck_get_object_request()
        c.struct_size = MemoryLayout<ck_get_object_request>.size
        c.bucket = arena.string(request.bucket)
        c.key = arena.string(request.key)
        if let range = request.range {
            c.has_range = 1
            c.range_start = range.start
            c.range_end = range.end ?? -1
        }
        switch request.sink {
        case .memory:
            if lendMemory {
                c.reserve = HostBodyCallbacks.reserve
                c.reserve_context = callbacks.pointer
            }
        case .file(let path): c.file_path = arena.string(path)
        case .stream(let writer):
            callbacks.writer = writer
            c.write = HostBodyCallbacks.write
            c.write_context = callbacks.pointer
        }
        if let progress = request.progress {
            callbacks.progress = progress
            c.progress = HostBodyCallbacks.reportProgress
            c.progress_context = callbacks.pointer
        }
        (c.options, c.option_count) = arena.pairs(request.options)
        return c
    }

    /// Provider side: the memory the host lends for a body read into memory
    /// (`reserve`, 1.6), or nil when it lends none (or the request is not
    /// one `read` accepts). Read before the call starts, so that the
    /// provider kit can close it before the completion whatever happens.
    public static func lentMemory(_ pointer: UnsafePointer<ck_get_object_request>?) -> BodyMemory? {
        guard let c = try? ABIStruct.read(pointer, "get_object request"), c.write == nil, c.file_path == nil, let reserve = c.reserve else {
            return nil
        }
        let captured = UncheckedSendable((reserve, c.reserve_context))
        return BodyMemory { count in captured.value.0(captured.value.1, count) }
    }

    /// Provider side: a copy of the host's request; the sink is the first of
    /// `write`, `file_path`, memory (lent as `memory`, from `lentMemory`).
    public static func read(_ pointer: UnsafePointer<ck_get_object_request>?, memory: BodyMemory? = nil) throws(CloudError) -> GetObjectRequest {
        let c = try ABIStruct.read(pointer, "get_object request")
        var range: ByteRange?
        if c.has_range != 0 {
            guard c.range_start >= 0, c.range_end == -1 || c.range_end >= c.range_start else {
                throw .invalidArgument("range \(c.range_start)-\(c.range_end) is not a valid byte range")
            }
            range = ByteRange(start: c.range_start, end: c.range_end == -1 ? nil : c.range_end)
        }
        let sink: BodySink
        if let write = c.write {
            sink = .stream(ProviderBodyCallbacks.writer(write, c.write_context))
        } else if let path = try ABIInput.optionalString(c.file_path, "file_path") {
            sink = .file(path: path)
        } else {
            sink = .memory
        }
        var request = GetObjectRequest(
            bucket: try ABIInput.string(c.bucket, "bucket"), key: try ABIInput.string(c.key, "key"), range: range,
            sink: sink, options: try ABIInput.dictionary(c.options, c.option_count, "options"),
            progress: ProviderBodyCallbacks.progress(c.progress, c.progress_context))
        if case .memory = sink { request.memory = memory }
        return request
    }
}
