using System.Reflection;
using StackExchange.Redis;

namespace CacheSync.Redis;

/// <summary>The fence scripts, read once from embedded <c>Scripts/*.lua</c> resources.</summary>
internal sealed class LuaScripts
{
    public LuaScripts()
    {
        SetIfNewer = Load("set_if_newer.lua");
        Invalidate = Load("invalidate.lua");
        InvalidateDependent = Load("invalidate_dependent.lua");
        FillIfNotFenced = Load("fill_if_not_fenced.lua");
    }

    public LuaScript SetIfNewer { get; }

    public LuaScript Invalidate { get; }

    public LuaScript InvalidateDependent { get; }

    public LuaScript FillIfNotFenced { get; }

    private static LuaScript Load(string name)
    {
        var resource = $"CacheSync.Redis.Scripts.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return LuaScript.Prepare(reader.ReadToEnd());
    }
}
