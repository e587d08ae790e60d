using System.Text.Json;

namespace CacheSync.Contracts;

/// <summary>Writes events as contract-v1 JSON (UTF-8), the form producers publish.</summary>
public static class WriteEventEncoder
{
    public static byte[] Encode(WriteEvent writeEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(writeEvent, WriteEventJsonContext.Default.WriteEvent);

    /// <summary>The routing key the contract asks for: <c>&lt;entity&gt;.&lt;op&gt;</c>.</summary>
    public static string RoutingKey(WriteEvent writeEvent) =>
        $"{writeEvent.Entity}.{(writeEvent.Op == EventOperation.Upsert ? "upsert" : "delete")}";
}
