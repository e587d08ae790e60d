using System.Text;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// A message as a producer lays it out: top-level members in order, each a name and a value. Hostile variations
/// change one member, drop it, repeat it or add strangers, then render the whole in some spelling.
/// </summary>
internal sealed record EventShape(IReadOnlyList<KeyValuePair<string, JsonFragment>> Members)
{
    /// <summary>Written before the object: a byte-order mark, say.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>Written after the object: whitespace (harmless) or garbage (not).</summary>
    public string Suffix { get; init; } = string.Empty;

    public EventShape With(string name, JsonFragment value)
    {
        var members = Members.ToList();
        var at = members.FindIndex(m => m.Key == name);
        if (at >= 0) members[at] = new(name, value);
        else members.Add(new(name, value));
        return this with { Members = members };
    }

    public EventShape Without(string name) => this with { Members = Members.Where(m => m.Key != name).ToList() };

    /// <summary>Adds a member even when one of that name exists (a duplicate), at a position within the object.</summary>
    public EventShape Insert(int position, string name, JsonFragment value)
    {
        var members = Members.ToList();
        members.Insert(Math.Clamp(position, 0, members.Count), new(name, value));
        return this with { Members = members };
    }

    public byte[] Render(int style) => Encoding.UTF8.GetBytes(RenderText(style));

    public string RenderText(int style)
    {
        var text = new JsonText(style);
        var body = text.Object(Members.Select(m => new KeyValuePair<string, string>(m.Key, m.Value.Write(text))));
        return Prefix + text.Space() + body + text.Space() + Suffix;
    }

    public override string ToString() =>
        $"{Prefix.Length} prefix chars, {{ {string.Join(", ", Members.Select(m => $"{m.Key}: {m.Value}"))} }}, suffix \"{Suffix}\"";
}
