using YamlDotNet.RepresentationModel;

namespace CacheSync.Deploy.Tests;

/// <summary>Small paths into YAML: <c>node.Str("spec", "template", "metadata", "name")</c>; null where a step is missing.</summary>
internal static class YamlNodes
{
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var step in path)
        {
            current = current switch
            {
                YamlMappingNode map => map.Children.TryGetValue(new YamlScalarNode(step), out var child) ? child : null,
                YamlSequenceNode seq when int.TryParse(step, out var i) && i < seq.Children.Count => seq.Children[i],
                _ => null,
            };
            if (current is null) return null;
        }

        return current;
    }

    public static string? Str(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(this YamlNode node, params string[] path) =>
        node.At(path) as YamlMappingNode ?? throw new AssertionException($"no mapping at {string.Join('.', path)}");

    public static IReadOnlyList<YamlNode> Seq(this YamlNode node, params string[] path) =>
        (node.At(path) as YamlSequenceNode)?.Children.ToList() ?? [];

    /// <summary>A mapping of scalars as a dictionary (ConfigMap data, Secret stringData, compose environment).</summary>
    public static IReadOnlyDictionary<string, string> Scalars(this YamlNode? node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (p.Value as YamlScalarNode)?.Value ?? string.Empty, StringComparer.Ordinal),
        // compose also allows a list of NAME=value
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value!.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal),
        _ => new Dictionary<string, string>(),
    };
}
