using System.Text;

namespace CacheSync.Reliability.Accounting;

/// <summary>
/// One event a scenario publishes, with everything the accounting needs to say where it must end up.
/// The body is contract-v1 JSON written by hand, as any producer would, so <see cref="DataJson"/> is exactly the
/// text the worker stores and caches (it keeps the raw <c>data</c> element).
/// </summary>
public sealed record ScenarioEvent(string Id, string Entity, string Key, long Version, bool IsDelete, string? DataJson)
{
    public string RoutingKey => $"{Entity}.{(IsDelete ? "delete" : "upsert")}";

    public string Json => IsDelete
        ? $$"""{"id":"{{Id}}","entity":"{{Entity}}","key":"{{Key}}","op":"delete","version":{{Version}}}"""
        : $$"""{"id":"{{Id}}","entity":"{{Entity}}","key":"{{Key}}","op":"upsert","version":{{Version}},"data":{{DataJson}}}""";

    public byte[] Body => Encoding.UTF8.GetBytes(Json);

    public override string ToString() => $"{Id} ({Entity}/{Key} v{Version} {(IsDelete ? "delete" : "upsert")})";
}
