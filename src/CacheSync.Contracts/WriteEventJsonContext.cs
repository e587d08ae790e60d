using System.Text.Json.Serialization;

namespace CacheSync.Contracts;

/// <summary>Source-generated (reflection-free) JSON for writing events in the v1 wire shape.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(WriteEvent))]
public sealed partial class WriteEventJsonContext : JsonSerializerContext;
