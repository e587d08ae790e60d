namespace CacheSync.Contracts;

/// <summary>Bounds the decoder enforces before any rule sees a message.</summary>
public sealed record DecoderLimits
{
    /// <summary>Largest message body accepted, in bytes (default 1 MiB). Entities may set a smaller data limit.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted (default 64), so hostile input cannot exhaust the stack.</summary>
    public int MaxDepth { get; init; } = 64;

    public const int MaxIdLength = 256;
    public const int MaxEntityLength = 128;
    public const int MaxKeyLength = 1024;
    public const int MaxLinks = 256;

    public static DecoderLimits Default { get; } = new();
}
