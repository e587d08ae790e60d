using YamlDotNet.RepresentationModel;

namespace CacheSync.Deploy.Tests;

/// <summary>The deploy files of the repository this test was built from, parsed as YAML where they are YAML.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static IReadOnlyList<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(Text(relative))) stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    public static YamlMappingNode Compose => Documents("docker-compose.yml").Single();

    /// <summary>Every document of every deploy/k8s/*.yaml, with the file it came from.</summary>
    public static IReadOnlyList<(string File, YamlMappingNode Document)> Kubernetes { get; } =
        Directory.GetFiles(PathOf("deploy/k8s"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => Documents(Path.GetRelativePath(Root, f)).Select(d => (Path.GetFileName(f), d)))
            .ToList();

    public static YamlMappingNode Kind(string kind, string? name = null) =>
        KindAll(kind).Single(d => name is null || d.Str("metadata", "name") == name);

    public static IEnumerable<YamlMappingNode> KindAll(string kind) =>
        Kubernetes.Select(k => k.Document).Where(d => d.Str("kind") == kind);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CacheSync.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No CacheSync.sln above {AppContext.BaseDirectory}.");
    }
}
