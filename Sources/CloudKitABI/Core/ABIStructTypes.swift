import CCloudKitABI

// The size history of every struct that crosses the boundary: the end of its
// last 1.0 member, then the end of its last member at each minor where it
// grew. A struct that grows adds a line here; `ABIHistoryTests` compares the
// layouts with the frozen headers in abi/history.

extension ck_status: ABIStructType {
    public static let abiName = "ck_status"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.details_json))]
}
extension ck_option_info: ABIStructType {
    public static let abiName = "ck_option_info"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.description))]
}
extension ck_host: ABIStructType {
    public static let abiName = "ck_host"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.log_level)), (3, end(\.init_error_capacity))]
}
extension ck_provider: ABIStructType {
    public static let abiName = "ck_provider"
    public static let sizes: [(minor: UInt32, size: Int)] = [
        (0, end(\.functions)), (1, end(\.identity)), (2, end(\.cancel)), (3, end(\.capabilities)), (5, end(\.set_client_log)), (7, end(\.lend)),
    ]
}
extension ck_list_request: ABIStructType {
    public static let abiName = "ck_list_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(3, end(\.option_count))]
}
extension ck_resource: ABIStructType {
    public static let abiName = "ck_resource"
    public static let sizes: [(minor: UInt32, size: Int)] = [(3, end(\.created_ms))]
}

// Object storage.
extension ck_storage_v1: ABIStructType {
    public static let abiName = "ck_storage_v1"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.presign)), (3, end(\.list_buckets))]
}
extension ck_object_info: ABIStructType {
    public static let abiName = "ck_object_info"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.metadata_count)), (3, end(\.property_count))]
}
extension ck_put_object_request: ABIStructType {
    public static let abiName = "ck_put_object_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.progress_context)), (3, end(\.option_count))]
}
extension ck_get_object_request: ABIStructType {
    public static let abiName = "ck_get_object_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.progress_context)), (3, end(\.option_count)), (6, end(\.reserve_context))]
}
extension ck_list_objects_request: ABIStructType {
    public static let abiName = "ck_list_objects_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.max_keys)), (3, end(\.option_count))]
}
extension ck_object_summary: ABIStructType {
    public static let abiName = "ck_object_summary"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.last_modified_ms))]
}
extension ck_list_objects_result: ABIStructType {
    public static let abiName = "ck_list_objects_result"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.next_page_token))]
}
extension ck_copy_object_request: ABIStructType {
    public static let abiName = "ck_copy_object_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.key)), (3, end(\.option_count))]
}
extension ck_presign_request: ABIStructType {
    public static let abiName = "ck_presign_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.expires_seconds)), (3, end(\.option_count))]
}

// Key-value tables.
extension ck_kv_v1: ABIStructType {
    public static let abiName = "ck_kv_v1"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.transact)), (3, end(\.list_tables))]
}
extension ck_kv_condition: ABIStructType {
    public static let abiName = "ck_kv_condition"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.value_json))]
}
extension ck_kv_table_spec: ABIStructType {
    public static let abiName = "ck_kv_table_spec"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.sort_key_type)), (3, end(\.option_count))]
}
extension ck_kv_write_request: ABIStructType {
    public static let abiName = "ck_kv_write_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.condition)), (3, end(\.option_count))]
}
extension ck_kv_get_request: ABIStructType {
    public static let abiName = "ck_kv_get_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.consistent)), (3, end(\.option_count))]
}
extension ck_kv_update_request: ABIStructType {
    public static let abiName = "ck_kv_update_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.condition)), (3, end(\.option_count))]
}
extension ck_kv_query_request: ABIStructType {
    public static let abiName = "ck_kv_query_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.page_token)), (3, end(\.option_count))]
}
extension ck_kv_scan_request: ABIStructType {
    public static let abiName = "ck_kv_scan_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.page_token)), (3, end(\.option_count))]
}
extension ck_kv_batch_request: ABIStructType {
    public static let abiName = "ck_kv_batch_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.count)), (3, end(\.option_count))]
}
extension ck_kv_transact_op: ABIStructType {
    public static let abiName = "ck_kv_transact_op"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.condition))]
}

// Queues.
extension ck_queue_v1: ABIStructType {
    public static let abiName = "ck_queue_v1"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.counts)), (3, end(\.list_queues))]
}
extension ck_attribute: ABIStructType {
    public static let abiName = "ck_attribute"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.binary_length))]
}
extension ck_queue_spec: ABIStructType {
    public static let abiName = "ck_queue_spec"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.max_receive_count)), (3, end(\.option_count))]
}
extension ck_send_request: ABIStructType {
    public static let abiName = "ck_send_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.deduplication_id)), (3, end(\.option_count))]
}
extension ck_batch_entry: ABIStructType {
    public static let abiName = "ck_batch_entry"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.message_id))]
}
extension ck_receive_request: ABIStructType {
    public static let abiName = "ck_receive_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.visibility_timeout_seconds)), (3, end(\.option_count))]
}
extension ck_message: ABIStructType {
    public static let abiName = "ck_message"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.sent_ms))]
}
extension ck_queue_counts: ABIStructType {
    public static let abiName = "ck_queue_counts"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.delayed))]
}

// Publish/subscribe.
extension ck_pubsub_v1: ABIStructType {
    public static let abiName = "ck_pubsub_v1"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.list_subscriptions)), (3, end(\.list_topics))]
}
extension ck_topic_spec: ABIStructType {
    public static let abiName = "ck_topic_spec"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.content_based_deduplication)), (3, end(\.option_count))]
}
extension ck_publish_request: ABIStructType {
    public static let abiName = "ck_publish_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.deduplication_id)), (3, end(\.option_count))]
}
extension ck_subscribe_request: ABIStructType {
    public static let abiName = "ck_subscribe_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.filter_policy_json)), (3, end(\.option_count))]
}
extension ck_subscription: ABIStructType {
    public static let abiName = "ck_subscription"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.filter_policy_json))]
}

// Functions.
extension ck_functions_v1: ABIStructType {
    public static let abiName = "ck_functions_v1"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.list_functions))]
}
extension ck_invoke_request: ABIStructType {
    public static let abiName = "ck_invoke_request"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.log_tail)), (3, end(\.option_count))]
}
extension ck_invoke_result: ABIStructType {
    public static let abiName = "ck_invoke_result"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.log_tail))]
}
extension ck_function_info: ABIStructType {
    public static let abiName = "ck_function_info"
    public static let sizes: [(minor: UInt32, size: Int)] = [(0, end(\.state))]
}
