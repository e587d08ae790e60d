using System.Xml.Linq;

namespace CacheSync.Deploy.Tests;

public sealed class DockerfileTests
{
    private static readonly string[] Lines = RepositoryFiles.Text("deploy/Dockerfile").Split('\n').Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    /// <summary>The instructions of the last stage (from its FROM on).</summary>
    private static string[] FinalStage => Lines[Array.FindLastIndex(Lines, l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))..];

    [Test]
    public void The_final_stage_has_no_SDK_and_runs_as_a_non_root_user()
    {
        Assert.That(Lines.Count(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)), Is.GreaterThanOrEqualTo(2), "multi-stage");
        Assert.That(FinalStage[0], Does.Contain("mcr.microsoft.com/dotnet/").And.Not.Contain("/sdk"));
        var user = FinalStage.Last(l => l.StartsWith("USER ", StringComparison.OrdinalIgnoreCase))[5..].Trim();
        Assert.That(user, Is.Not.EqualTo("root").And.Not.EqualTo("0").And.Not.StartWith("0:"));
        Assert.That(FinalStage, Has.Some.EqualTo("EXPOSE 8080"));
    }

    [Test]
    public void The_build_stage_publishes_the_worker_in_Release_after_restoring_every_project_it_references()
    {
        Assert.That(Lines.First(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)), Does.Contain("mcr.microsoft.com/dotnet/sdk:"));
        Assert.That(Lines, Has.Some.Match(@"^RUN dotnet publish src/CacheSync\.Worker/CacheSync\.Worker\.csproj -c Release\b"));
        var copied = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        Assert.That(copied, Is.SupersetOf(new[] { "Directory.Packages.props", "Directory.Build.props", "global.json" }));
        foreach (var project in ProjectClosure("src/CacheSync.Worker/CacheSync.Worker.csproj"))
        {
            Assert.That(copied, Does.Contain(project), $"{project} must be copied before the restore");
        }
    }

    private static SortedSet<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            var directory = Path.GetDirectoryName(RepositoryFiles.PathOf(current))!;
            foreach (var reference in XDocument.Load(RepositoryFiles.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)));
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
