namespace CacheSync.Bench.EndToEnd;

/// <summary>The traffic of a run: body size, how many distinct keys the events spread over, and how many workers consume.</summary>
internal sealed record Shape(int PayloadBytes, int KeySpace, int Workers)
{
    public const int HotKeys = 100;
    public const int ColdKeys = 1_000_000;

    public static Shape Main { get; } = new(256, HotKeys, 1);

    public string Describe() => $"{Size(PayloadBytes)}, {(KeySpace == HotKeys ? "100 keys" : "1M keys")}, {Workers} worker{(Workers == 1 ? "" : "s")}";

    public static string Size(int bytes) => bytes >= 1024 ? $"{bytes / 1024} KB" : $"{bytes} B";
}
