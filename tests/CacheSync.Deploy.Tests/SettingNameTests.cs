namespace CacheSync.Deploy.Tests;

public sealed class SettingNameTests
{
    /// <summary>Every CacheSync__… variable a deploy file sets, with where it is set.</summary>
    private static IEnumerable<TestCaseData> Variables()
    {
        var compose = RepositoryFiles.Compose.Map("services");
        foreach (var (service, node) in compose.Children)
        {
            foreach (var name in node.At("environment").Scalars().Keys) yield return Case("docker-compose.yml", $"services.{service}", name);
        }

        foreach (var (file, document) in RepositoryFiles.Kubernetes)
        {
            var names = document.Str("kind") switch
            {
                "ConfigMap" => document.At("data").Scalars().Keys,
                "Secret" => document.At("stringData").Scalars().Keys.Concat(document.At("data").Scalars().Keys),
                _ => [],
            };
            foreach (var name in names) yield return Case(file, document.Str("metadata", "name")!, name);
        }

        foreach (var line in RepositoryFiles.Text("deploy/Dockerfile").Split('\n'))
        {
            foreach (var word in line.Split([' ', '\t', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Contains('=', StringComparison.Ordinal)))
            {
                yield return Case("deploy/Dockerfile", "ENV", word.Split('=')[0]);
            }
        }

        static TestCaseData Case(string file, string where, string name) =>
            new TestCaseData(name) { TestName = $"{{m}}({file} {where} {name})" };
    }

    [TestCaseSource(nameof(Variables))]
    public void Every_CacheSync_variable_names_a_setting_of_the_worker(string name)
    {
        if (!name.StartsWith("CacheSync__", StringComparison.OrdinalIgnoreCase)) Assert.Pass("not a CacheSync setting");
        Assert.That(SettingNames.Problem(name), Is.Null);
    }

    [Test]
    public void Reflection_finds_every_section_and_rejects_what_is_not_there()
    {
        Assert.That(SettingNames.Sections.Keys, Is.SupersetOf(new[] { "CacheSync", "CacheSync:RabbitMq", "CacheSync:Redis", "CacheSync:Sqlite", "CacheSync:Cassandra" }));
        Assert.Multiple(() =>
        {
            foreach (var good in new[] { "CacheSync__RabbitMq__Uri", "CacheSync__Store", "CacheSync__Cassandra__ContactPoints__3", "CacheSync__Cassandra__Tls__Enabled",
                         "CacheSync__Entities__any_entity__DependentKeys__0", "CacheSync__Cassandra__Replication__DataCenters__dc9", "CacheSync__Retry__MaxAttempts",
                         "CacheSync__RabbitMq__BindingKeys__1", "cachesync__redis__configuration" })
            {
                Assert.That(SettingNames.Problem(good), Is.Null, good);
            }

            foreach (var bad in new[] { "CacheSync__RabbitMq__Url", "CacheSync__Cassandra__ContactPoint__0", "CacheSync__Cassandra__ContactPoints__first",
                         "CacheSync__Cassandra__Tls", "CacheSync__Redis__Configuration__Extra", "CacheSync__RabbitMq__EffectiveBindingKeys__0", "CacheSync__Nope",
                         "CacheSync__Health__Ports", "CacheSync__Telemetry__Endpoint" })
            {
                Assert.That(SettingNames.Problem(bad), Is.Not.Null, bad);
            }
        });
    }
}
