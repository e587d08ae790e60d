using System.Text.Json.Serialization;

namespace CacheSync.Contracts;

/// <summary>What a write event did to its record.</summary>
public enum EventOperation
{
    [JsonStringEnumMemberName("upsert")]
    Upsert,

    [JsonStringEnumMemberName("delete")]
    Delete,
}
