import CCloudKitABI
import CloudKitModel
import Foundation

/// The host's side of the body callbacks (`ck_read_fn`, `ck_write_fn`,
/// `ck_progress_fn`): keeps the Swift reader, writer and progress handler
/// of one call alive and is their C context pointer. The caller keeps it
/// alive until the call completes.
public final class HostBodyCallbacks: @unchecked Sendable {
    // Set before the call starts and only read afterwards, from one provider thread at a time.
    public var reader: BodyReader?
    public var writer: BodyWriter?
    public var progress: ProgressHandler?
    /// The memory `reserve` lent the provider (ABI 1.6), until `body`
    /// adopts it; freed by `deinit` otherwise.
    private let reserved = Locked<HostBodyMemory?>(nil)

    public init() {}

    deinit {
        reserved.withLock { $0?.free() }
    }

    /// The context pointer to pass with the callbacks below.
    public var pointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    private static func from(_ pointer: UnsafeMutableRawPointer?) -> HostBodyCallbacks? {
        pointer.map { Unmanaged<HostBodyCallbacks>.fromOpaque($0).takeUnretainedValue() }
    }

    public static let read: ck_read_fn = { context, buffer, capacity in
        guard let reader = from(context)?.reader, let buffer else { return -1 }
        do {
            return Int64(try reader.read(UnsafeMutableRawBufferPointer(start: buffer, count: capacity)))
        } catch {
            return -1
        }
    }

    public static let write: ck_write_fn = { context, data, length in
        guard let writer = from(context)?.writer else { return 1 }
        do {
            try writer.write(UnsafeRawBufferPointer(start: data, count: length))
            return 0
        } catch {
            return 1
        }
    }

    public static let reportProgress: ck_progress_fn = { context, done, total in
        from(context)?.progress?(done, total)
    }

    /// Lends the provider memory for a body read into memory, once per call
    /// (a second ask is refused: the contract allows one).
    public static let reserve: ck_reserve_fn = { context, length in
        guard let callbacks = from(context) else { return nil }
        return callbacks.reserved.withLock { reserved -> UnsafeMutableRawPointer? in
            guard case .none = reserved, let memory = HostBodyMemory(count: length) else { return nil }
            reserved = memory
            return memory.pointer
        }
    }

    /// The `count` bytes at `data` handed to a get's completion, as `Data`
    /// the host owns: the lent memory itself when the provider filled it
    /// (no copy), else a copy (`data` is lent only for the callback).
    public func body(_ data: UnsafePointer<UInt8>, count: Int) -> Data {
        let lent = reserved.withLock { reserved -> HostBodyMemory? in
            guard let memory = reserved, UnsafeRawPointer(memory.pointer) == UnsafeRawPointer(data), memory.count == count else { return nil }
            reserved = nil
            return memory
        }
        return lent?.adopt() ?? HostBodyMemory.copy(data, count: count)
    }
}

/// The provider's side of the body callbacks: the host's C functions as
/// Swift readers, writers and progress handlers. The host keeps their
/// contexts valid until the completion fires, as the header says.
public enum ProviderBodyCallbacks {
    public static func progress(_ function: ck_progress_fn?, _ context: UnsafeMutableRawPointer?) -> ProgressHandler? {
        guard let function else { return nil }
        let captured = UncheckedSendable((function, context))
        return { done, total in captured.value.0(captured.value.1, done, total) }
    }

    /// A reader over `read`: -1 aborts with `cancelled`; a count above the
    /// capacity or another negative value is the host's bug, `invalid argument`.
    public static func reader(_ read: ck_read_fn, _ context: UnsafeMutableRawPointer?) -> BodyReader {
        let captured = UncheckedSendable((read, context))
        return BodyReader { buffer throws(CloudError) in
            guard let base = buffer.baseAddress else { return 0 }
            let count = captured.value.0(captured.value.1, base.assumingMemoryBound(to: UInt8.self), buffer.count)
            if count == -1 { throw CloudError(.cancelled, "the body read callback aborted the upload") }
            guard count >= 0, count <= buffer.count else {
                throw .invalidArgument("the body read callback returned \(count) for a buffer of \(buffer.count) bytes")
            }
            return Int(count)
        }
    }

    /// A writer over `write`: a non-zero return aborts with `cancelled`.
    public static func writer(_ write: ck_write_fn, _ context: UnsafeMutableRawPointer?) -> BodyWriter {
        let captured = UncheckedSendable((write, context))
        return BodyWriter { buffer throws(CloudError) in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            if captured.value.0(captured.value.1, base.assumingMemoryBound(to: UInt8.self), buffer.count) != 0 {
                throw CloudError(.cancelled, "the body write callback aborted the download")
            }
        }
    }
}
