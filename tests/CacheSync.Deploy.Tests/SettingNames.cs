using System.Collections;
using System.Reflection;
using CacheSync.Core.Policies;
using CacheSync.Redis;
using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Sqlite;
using CacheSync.Worker;
using CacheSync.Worker.Transport;

namespace CacheSync.Deploy.Tests;

/// <summary>
/// Which configuration keys the worker reads, derived by reflection from its option classes (never a hand-written
/// list): every type in the worker's assemblies with a <c>const string SectionName</c> under <c>CacheSync</c> is a
/// section; its public properties, as the configuration binder binds them, are its keys; dictionaries take any key
/// and lists any index. A renamed option therefore makes a deploy file's old name fail.
/// </summary>
internal static class SettingNames
{
    /// <summary>The option classes by section name, found in the assemblies the worker is built from.</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = FindSections();

    /// <summary>Scalar settings read straight from configuration rather than through an option class.</summary>
    private static readonly string[] DirectKeys =
    [
        (string)typeof(WorkerServiceCollectionExtensions).Assembly.GetType("CacheSync.Worker.StoreSelection", throwOnError: true)!
            .GetField("Key", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
    ];

    /// <summary>Null when <paramref name="environmentName"/> (e.g. <c>CacheSync__Cassandra__ContactPoints__0</c>) is a setting; else why not.</summary>
    public static string? Problem(string environmentName)
    {
        var segments = environmentName.Split("__");
        var key = string.Join(':', segments);
        if (DirectKeys.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase))) return null;

        // The longest section that prefixes the key decides (CacheSync:RabbitMq, not CacheSync, for CacheSync:RabbitMq:Uri).
        foreach (var (section, type) in Sections.OrderByDescending(s => s.Key.Length))
        {
            var sectionSegments = section.Split(':');
            if (segments.Length > sectionSegments.Length &&
                sectionSegments.Zip(segments).All(p => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)))
            {
                return Walk(type, segments[sectionSegments.Length..]) is { } problem ? $"{key}: {problem} (section {section}, {type.Name})" : null;
            }
        }

        return $"{key}: no option class of the worker reads it";
    }

    private static string? Walk(Type type, string[] rest)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(underlying)) return rest.Length == 0 ? null : $"'{rest[0]}' is below the value {underlying.Name}";
        if (rest.Length == 0) return $"{underlying.Name} is a section, not a value";

        if (Generic(underlying, typeof(IDictionary<,>)) is { } dictionary) return Walk(dictionary.GetGenericArguments()[1], rest[1..]);
        if (underlying.IsArray || Generic(underlying, typeof(IList<>)) is not null || Generic(underlying, typeof(ICollection<>)) is not null)
        {
            var element = underlying.IsArray ? underlying.GetElementType()! : (Generic(underlying, typeof(IList<>)) ?? Generic(underlying, typeof(ICollection<>)))!.GetGenericArguments()[0];
            return int.TryParse(rest[0], out var index) && index >= 0 ? Walk(element, rest[1..]) : $"'{rest[0]}' is not an index of a list";
        }

        var name = rest[0];
        var property = Bindable(underlying).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return property is null ? $"{underlying.Name} has no setting '{rest[0]}'" : Walk(property.PropertyType, rest[1..]);
    }

    /// <summary>What the configuration binder writes: public settable properties, and get-only ones it fills in place (objects, mutable collections).</summary>
    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .Where(p => p.SetMethod is { IsPublic: true } || (!IsScalar(p.PropertyType) && !IsReadOnlyCollection(p.PropertyType)));

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) ||
               type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri);
    }

    private static bool IsReadOnlyCollection(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d &&
        (d == typeof(IReadOnlyList<>) || d == typeof(IReadOnlyCollection<>) || d == typeof(IEnumerable<>) || d == typeof(IReadOnlyDictionary<,>));

    private static Type? Generic(Type type, Type definition) =>
        new[] { type }.Concat(type.GetInterfaces()).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static Dictionary<string, Type> FindSections()
    {
        Type[] anchors = [typeof(WorkerServiceCollectionExtensions), typeof(RabbitMqTransportOptions), typeof(CacheSyncOptions),
            typeof(RedisCacheOptions), typeof(SqliteStoreOptions), typeof(CassandraStoreOptions)];
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in anchors.Select(a => a.Assembly).Distinct().SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true } field &&
                field.GetRawConstantValue() is string name && name.StartsWith("CacheSync", StringComparison.Ordinal) &&
                !typeof(IEnumerable).IsAssignableFrom(type))
            {
                sections[name] = type;
            }
        }

        return sections;
    }
}
