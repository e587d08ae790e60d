namespace CacheSync.Deploy.Tests;

public sealed class ComposeTests
{
    private static readonly YamlDotNet.RepresentationModel.YamlMappingNode Services = RepositoryFiles.Compose.Map("services");
    private static IReadOnlyDictionary<string, string> WorkerEnv => Services.At("worker", "environment").Scalars();

    [TestCase("rabbitmq", "rabbitmq:3.13-management")]
    [TestCase("redis", "redis:7-alpine")]
    [TestCase("cassandra", "cassandra:5.0")]
    public void Each_server_has_its_image_and_a_healthcheck(string service, string image)
    {
        Assert.That(Services.Str(service, "image"), Is.EqualTo(image));
        Assert.That(Services.Seq(service, "healthcheck", "test"), Is.Not.Empty, $"{service} has no healthcheck test");
    }

    [Test]
    public void The_worker_is_built_from_the_Dockerfile_and_waits_for_every_server_to_be_healthy()
    {
        Assert.That(Services.Str("worker", "build", "dockerfile"), Is.EqualTo("deploy/Dockerfile"));
        var dependsOn = Services.Map("worker", "depends_on");
        Assert.That(dependsOn.Children.Keys.Select(k => k.ToString()), Is.EquivalentTo(new[] { "rabbitmq", "redis", "cassandra" }));
        foreach (var (name, _) in dependsOn.Children)
        {
            Assert.That(dependsOn.Str(name.ToString(), "condition"), Is.EqualTo("service_healthy"), name.ToString());
        }

        Assert.That(Services.Str("worker", "restart"), Is.Not.Null.And.Not.EqualTo("no"));
    }

    [Test]
    public void The_worker_stops_with_more_grace_than_its_drain_and_host_shutdown()
    {
        var grace = DeploySettings.ComposeDuration(Services.Str("worker", "stop_grace_period") ?? "10s");
        Assert.That(grace, Is.GreaterThan(DeploySettings.DrainTimeout(WorkerEnv) + DeploySettings.HostShutdownMargin));
    }

    [Test]
    public void The_worker_uses_Cassandra_on_the_compose_servers_and_maps_its_health_port()
    {
        Assert.That(DeploySettings.Get(WorkerEnv, "CacheSync:Store"), Is.EqualTo("Cassandra"));
        Assert.That(DeploySettings.Get(WorkerEnv, "CacheSync:RabbitMq:Uri"), Does.Contain("@rabbitmq:"));
        Assert.That(DeploySettings.Get(WorkerEnv, "CacheSync:Redis:Configuration"), Does.StartWith("redis:"));
        Assert.That(DeploySettings.Get(WorkerEnv, "CacheSync:Cassandra:ContactPoints:0"), Does.StartWith("cassandra"));
        Assert.That(DeploySettings.Get(WorkerEnv, "CacheSync:Cassandra:CreateSchema"), Is.EqualTo("true"), "one worker creates the schema in compose");
        var port = DeploySettings.HealthPort(WorkerEnv);
        Assert.That(Services.Seq("worker", "ports").Select(p => p.ToString()), Has.Some.EndsWith($":{port}"));
    }
}
