using System.Text.RegularExpressions;
using CacheSync.Core.Policies;
using CacheSync.Stores.Cassandra;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace CacheSync.Deploy.Tests;

public sealed partial class KubernetesTests
{
    private static YamlMappingNode Deployment => RepositoryFiles.Kind("Deployment", "cachesync-worker");
    private static YamlNode Container => Deployment.Seq("spec", "template", "spec", "containers").Single();

    /// <summary>The worker's environment: the ConfigMap and Secret its envFrom names (a later source wins).</summary>
    private static Dictionary<string, string> WorkerEnv()
    {
        var env = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in Container.Seq("envFrom"))
        {
            var (kind, name) = source.Str("configMapRef", "name") is { } cm ? ("ConfigMap", cm) : ("Secret", source.Str("secretRef", "name")!);
            var doc = RepositoryFiles.Kind(kind, name);
            foreach (var (k, v) in doc.At(kind == "ConfigMap" ? "data" : "stringData").Scalars()) env[k] = v;
        }

        foreach (var item in Container.Seq("env")) env[item.Str("name")!] = item.Str("value") ?? string.Empty;
        return env;
    }

    [Test]
    public void The_Deployment_runs_two_replicas_from_a_ConfigMap_and_a_Secret_with_resources()
    {
        Assert.That(Deployment.Str("spec", "replicas"), Is.EqualTo("2"));
        var sources = Container.Seq("envFrom");
        Assert.That(sources.Select(s => s.Str("configMapRef", "name")).OfType<string>(), Has.Exactly(1).Items);
        Assert.That(sources.Select(s => s.Str("secretRef", "name")).OfType<string>(), Has.Exactly(1).Items);
        foreach (var path in new[] { "requests", "limits" })
        {
            Assert.That(Container.Str("resources", path, "cpu"), Is.Not.Null, path);
            Assert.That(Container.Str("resources", path, "memory"), Is.Not.Null, path);
        }
    }

    [TestCase("livenessProbe", "/health/live")]
    [TestCase("readinessProbe", "/health/ready")]
    public void Probes_hit_the_health_endpoints_on_the_configured_port(string probe, string path)
    {
        Assert.That(Container.Str(probe, "httpGet", "path"), Is.EqualTo(path));
        var port = Container.Str(probe, "httpGet", "port")!;
        var number = int.TryParse(port, out var n) ? n
            : int.Parse(Container.Seq("ports").Single(p => p.Str("name") == port).Str("containerPort")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(number, Is.EqualTo(DeploySettings.HealthPort(WorkerEnv())));
    }

    [Test]
    public void Termination_grace_outlasts_the_drain_and_the_hosts_shutdown()
    {
        var grace = TimeSpan.FromSeconds(int.Parse(Deployment.Str("spec", "template", "spec", "terminationGracePeriodSeconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(grace, Is.GreaterThan(DeploySettings.DrainTimeout(WorkerEnv()) + DeploySettings.HostShutdownMargin));
    }

    [Test]
    public void The_pod_runs_as_non_root_on_a_read_only_root_filesystem()
    {
        var pod = Deployment.At("spec", "template", "spec")!;
        Assert.That(pod.Str("securityContext", "runAsNonRoot"), Is.EqualTo("true"));
        Assert.That(int.Parse(pod.Str("securityContext", "runAsUser") ?? "0", System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(Container.Str("securityContext", "readOnlyRootFilesystem"), Is.EqualTo("true"));
        Assert.That(Container.Str("securityContext", "allowPrivilegeEscalation"), Is.EqualTo("false"));
        var tmp = Container.Seq("volumeMounts").Single(m => m.Str("mountPath") == "/tmp").Str("name");
        Assert.That(pod.Seq("volumes").Single(v => v.Str("name") == tmp).At("emptyDir"), Is.Not.Null);
    }

    [Test]
    public void The_PodDisruptionBudget_keeps_one_of_the_Deployments_pods()
    {
        var pdb = RepositoryFiles.KindAll("PodDisruptionBudget").Single();
        Assert.That(pdb.Str("spec", "minAvailable"), Is.EqualTo("1"));
        var podLabels = Deployment.At("spec", "template", "metadata", "labels").Scalars();
        var selector = pdb.At("spec", "selector", "matchLabels").Scalars();
        Assert.That(selector, Is.Not.Empty);
        Assert.That(selector, Is.SubsetOf(podLabels));
        Assert.That(Deployment.At("spec", "selector", "matchLabels").Scalars(), Is.SubsetOf(podLabels));
    }

    [Test]
    public void KEDA_scales_the_Deployment_on_the_configured_queue_with_the_Secrets_URI()
    {
        var scaled = RepositoryFiles.KindAll("ScaledObject").Single();
        Assert.That(scaled.Str("spec", "scaleTargetRef", "name"), Is.EqualTo(Deployment.Str("metadata", "name")));
        Assert.That(scaled.Str("spec", "scaleTargetRef", "kind") ?? "Deployment", Is.EqualTo("Deployment"));
        Assert.That(int.Parse(scaled.Str("spec", "minReplicaCount")!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(2));
        var trigger = scaled.Seq("spec", "triggers").Single();
        Assert.That(trigger.Str("type"), Is.EqualTo("rabbitmq"));
        Assert.That(trigger.Str("metadata", "mode"), Is.EqualTo("QueueLength"));
        Assert.That(int.Parse(trigger.Str("metadata", "value")!, System.Globalization.CultureInfo.InvariantCulture), Is.Positive);
        Assert.That(trigger.Str("metadata", "queueName"), Is.EqualTo(DeploySettings.Queue(WorkerEnv())));
        Assert.That(trigger.Str("metadata", "host"), Is.Null, "the host (with its password) comes from the TriggerAuthentication");

        var auth = RepositoryFiles.Kind("TriggerAuthentication", trigger.Str("authenticationRef", "name"));
        var host = auth.Seq("spec", "secretTargetRef").Single(r => r.Str("parameter") == "host");
        var secret = RepositoryFiles.Kind("Secret", host.Str("name"));
        Assert.That(secret.At("stringData").Scalars().Keys, Does.Contain(host.Str("key")));
    }

    [Test]
    public void The_ConfigMap_holds_no_secret_and_the_Secret_holds_every_credential()
    {
        var configMaps = RepositoryFiles.KindAll("ConfigMap").ToList();
        var secrets = RepositoryFiles.KindAll("Secret").SelectMany(s => s.At("stringData").Scalars()).ToDictionary(p => p.Key, p => p.Value);
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in configMaps.SelectMany(c => c.At("data").Scalars()))
            {
                Assert.That(value, Does.Not.Match(UriWithPassword()), $"{key}: a URI with a password belongs in the Secret");
                Assert.That(value, Does.Not.Contain("password=").IgnoreCase, $"{key}: a password belongs in the Secret");
                Assert.That(key, Does.Not.Contain("Password").IgnoreCase.And.Not.Contain("Username").IgnoreCase, $"{key} belongs in the Secret");
                Assert.That(key, Is.Not.EqualTo("CacheSync__RabbitMq__Uri").And.Not.EqualTo("CacheSync__Redis__Configuration"), $"{key} carries credentials");
                Assert.That(secrets.Keys, Does.Not.Contain(key), $"{key} is set in both the ConfigMap and the Secret");
            }

            foreach (var key in new[] { "CacheSync__RabbitMq__Uri", "CacheSync__Redis__Configuration", "CacheSync__Cassandra__Username", "CacheSync__Cassandra__Password" })
            {
                Assert.That(secrets.Keys, Does.Contain(key));
            }

            foreach (var (key, value) in secrets)
            {
                Assert.That(value, Does.Contain("CHANGE-ME").Or.EqualTo("cachesync_worker"), $"{key}: the Secret holds clearly marked placeholders only");
            }
        });
    }

    [Test]
    public void Replicas_leave_the_schema_to_the_Job_which_runs_exactly_the_stores_statements()
    {
        var env = WorkerEnv();
        Assert.That(DeploySettings.Get(env, "CacheSync:Cassandra:CreateSchema") ?? "false", Is.EqualTo("false").IgnoreCase,
            "with several replicas, CreateSchema must be off; the Job creates the schema");

        // The configuration each replica sees: the image's appsettings.json under the ConfigMap and the Secret.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepositoryFiles.PathOf("src/CacheSync.Worker/appsettings.json"))
            .AddInMemoryCollection(env.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), (string?)p.Value)))
            .Build();
        var cassandra = new CassandraStoreOptions();
        configuration.GetSection(CassandraStoreOptions.SectionName).Bind(cassandra);
        var policies = new CacheSyncOptions();
        configuration.GetSection(CacheSyncOptions.SectionName).Bind(policies);
        Assert.That(cassandra.Validate(), Is.Empty);
        var expected = CassandraSchema.Statements(cassandra, policies.Entities.Select(e => e.Value.Table ?? e.Key)).Select(s => s + ";").ToList();

        var job = RepositoryFiles.KindAll("Job").Single();
        var volume = job.Seq("spec", "template", "spec", "volumes").Single(v => v.At("configMap") is not null);
        var script = RepositoryFiles.Kind("ConfigMap", volume.Str("configMap", "name")).Str("data", "schema.cql")!;
        var actual = script.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(actual[0], Is.EqualTo(expected[0]), "the keyspace, with the ConfigMap's replication, comes first");
        Assert.That(actual[1..], Is.EquivalentTo(expected[1..]), "one record table per entity the worker is configured with");
        Assert.That(job.Str("spec", "template", "spec", "securityContext", "runAsNonRoot"), Is.EqualTo("true"));
    }

    [Test]
    public void Every_manifest_is_namespace_agnostic_and_labelled()
    {
        foreach (var (file, document) in RepositoryFiles.Kubernetes)
        {
            Assert.That(document.Str("metadata", "namespace"), Is.Null, $"{file}: {document.Str("kind")} names a namespace");
            Assert.That(document.At("metadata", "labels", "app.kubernetes.io/part-of"), Is.Not.Null, $"{file}: {document.Str("kind")}");
        }

        Assert.That(RepositoryFiles.Kubernetes.Select(k => k.Document.Str("kind")),
            Is.SupersetOf(new[] { "Deployment", "ConfigMap", "Secret", "PodDisruptionBudget", "ScaledObject", "TriggerAuthentication", "Job" }));
    }

    [GeneratedRegex(@"://[^/@\s:]+:[^/@\s]+@")]
    private static partial Regex UriWithPassword();
}
