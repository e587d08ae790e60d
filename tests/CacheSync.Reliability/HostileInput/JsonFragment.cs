namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// A JSON value whose spelling is chosen only when it is written: strings are escaped, and arrays spaced, by the
/// <see cref="JsonText"/> of the rendering, so one event can be rendered many ways.
/// </summary>
internal abstract record JsonFragment
{
    public abstract string Write(JsonText text);

    public static JsonFragment Raw(string json) => new RawFragment(json);

    public static JsonFragment String(string value) => new StringFragment(value, RawControls: false);

    /// <summary>A string whose control characters are written raw: not JSON, whatever else the message is.</summary>
    public static JsonFragment StringWithRawControls(string value) => new StringFragment(value, RawControls: true);

    public static JsonFragment Array(IEnumerable<JsonFragment> items) => new ArrayFragment(items.ToArray());

    /// <summary>JSON written exactly as given: numbers, literals, prepared objects, or deliberately broken text.</summary>
    private sealed record RawFragment(string Json) : JsonFragment
    {
        public override string Write(JsonText text) => Json;

        public override string ToString() => Json.Length <= 80 ? Json : $"{Json[..80]}… ({Json.Length} chars)";
    }

    private sealed record StringFragment(string Value, bool RawControls) : JsonFragment
    {
        public override string Write(JsonText text) => text.Quote(Value, RawControls);

        public override string ToString() => Value.Length <= 80 ? $"\"{Value}\"" : $"\"{Value[..80]}…\" ({Value.Length} chars)";
    }

    private sealed record ArrayFragment(IReadOnlyList<JsonFragment> Items) : JsonFragment
    {
        public override string Write(JsonText text) => text.Array(Items.Select(i => i.Write(text)));

        public override string ToString() => $"[{Items.Count} items]";
    }
}
