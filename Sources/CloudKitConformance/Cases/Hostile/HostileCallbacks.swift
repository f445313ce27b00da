import CCloudKitABI

/// One completion per callback signature of the ABI, each recording into the probe its `user_data` names.
enum HostileCallbacks {
    static let status: ck_done_fn = { HostileBoard.hit($0, $1) }
    static let string: ck_string_fn = { userData, status, _ in HostileBoard.hit(userData, status) }
    static let info: ck_object_info_fn = { userData, status, _ in HostileBoard.hit(userData, status) }
    static let get: ck_get_object_fn = { userData, status, _, _, _ in HostileBoard.hit(userData, status) }
    static let list: ck_list_objects_fn = { userData, status, _ in HostileBoard.hit(userData, status) }
    static let item: ck_kv_item_fn = { userData, status, _ in HostileBoard.hit(userData, status) }
    static let items: ck_kv_items_fn = { userData, status, _, _, _ in HostileBoard.hit(userData, status) }
    static let sent: ck_sent_fn = { userData, status, _, _ in HostileBoard.hit(userData, status) }
    static let batch: ck_batch_fn = { userData, status, _, _ in HostileBoard.hit(userData, status) }
    static let messages: ck_messages_fn = { userData, status, _, _ in HostileBoard.hit(userData, status) }
    static let counts: ck_queue_counts_fn = { userData, status, _ in HostileBoard.hit(userData, status) }
    static let subscriptions: ck_subscriptions_fn = { userData, status, _, _, _ in HostileBoard.hit(userData, status) }
    static let invoke: ck_invoke_fn = { userData, status, _ in HostileBoard.hit(userData, status) }
    static let function: ck_function_info_fn = { userData, status, _ in HostileBoard.hit(userData, status) }
    static let functions: ck_functions_fn = { userData, status, _, _, _ in HostileBoard.hit(userData, status) }
}
