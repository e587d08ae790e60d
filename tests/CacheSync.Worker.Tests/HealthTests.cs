using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CacheSync.Worker.Tests;

/// <summary>The worker's /health/live and /health/ready endpoints, against real RabbitMQ and Redis.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class HealthTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(WorkerHarness worker, string path)
    {
        using var response = await Http.GetAsync(new Uri(worker.HealthUrl, path));
        var text = await response.Content.ReadAsStringAsync();
        TestContext.Progress.WriteLine($"GET {path} -> {(int)response.StatusCode} {text}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string CheckStatus(JsonElement body, string check) => body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!;

    [Test]
    public async Task Live_is_200_while_the_host_runs()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        var (status, body) = await GetAsync(worker, "/health/live");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        });
    }

    [Test]
    public async Task Ready_is_200_with_every_check_healthy_once_the_worker_consumes()
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        var (status, body) = await GetAsync(worker, "/health/ready");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(body.GetProperty("checks").EnumerateObject().Select(c => c.Name), Is.EquivalentTo(new[] { "rabbitmq", "redis", "store" }));
            foreach (var check in new[] { "rabbitmq", "redis", "store" })
            {
                Assert.That(CheckStatus(body, check), Is.EqualTo("Healthy"), check);
                Assert.That(body.GetProperty("checks").GetProperty(check).GetProperty("description").GetString(), Is.Not.Empty, check);
            }
        });

        // The worker really consumes: an event goes through while ready.
        await worker.PublishAsync(Events.UserModel(Events.NewId(), "ready1", 1, "u"));
        await WorkerHarness.EventuallyAsync(async () => (await worker.ReadCacheAsync(worker.UserModelKey("ready1"))).Count > 0, "applied");
    }

    [Test]
    public async Task Ready_is_503_with_redis_unhealthy_while_Redis_is_down_and_200_again_after_it_restarts()
    {
        using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var worker = new WorkerHarness(s => s["CacheSync:Redis:Configuration"] = redis.Configuration);
        await worker.StartAsync();
        Assert.That((await GetAsync(worker, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));

        redis.Kill();
        (HttpStatusCode Status, JsonElement Body) down = default;
        await WorkerHarness.EventuallyAsync(async () => (down = await GetAsync(worker, "/health/ready")).Status == HttpStatusCode.ServiceUnavailable, "ready is 503 while Redis is down");
        Assert.Multiple(() =>
        {
            Assert.That(down.Body.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(CheckStatus(down.Body, "redis"), Is.EqualTo("Unhealthy"));
            Assert.That(CheckStatus(down.Body, "rabbitmq"), Is.EqualTo("Healthy"));
            Assert.That(CheckStatus(down.Body, "store"), Is.EqualTo("Healthy"));
        });

        // Liveness does not depend on Redis.
        Assert.That((await GetAsync(worker, "/health/live")).Status, Is.EqualTo(HttpStatusCode.OK));

        await redis.StartAsync();
        (HttpStatusCode Status, JsonElement Body) up = default;
        await WorkerHarness.EventuallyAsync(async () => (up = await GetAsync(worker, "/health/ready")).Status == HttpStatusCode.OK, "ready is 200 after Redis restarts");
        Assert.That(CheckStatus(up.Body, "redis"), Is.EqualTo("Healthy"));
    }

    [TestCase("/")]
    [TestCase("/health")]
    [TestCase("/health/nope")]
    [TestCase("/metrics")]
    public async Task Unknown_path_is_404(string path)
    {
        await using var worker = new WorkerHarness();
        await worker.StartAsync();

        using var response = await Http.GetAsync(new Uri(worker.HealthUrl, path));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("0")]
    [TestCase("70000")]
    public async Task A_port_out_of_range_stops_the_worker_at_start_up_naming_the_setting(string port)
    {
        await using var worker = new WorkerHarness(s => s["CacheSync:Health:Port"] = port);
        var ex = Assert.ThrowsAsync<OptionsValidationException>(worker.StartAsync);
        Assert.That(ex!.Message, Does.Contain("CacheSync:Health:Port").And.Contain(port));
    }

    [Test]
    public async Task A_bad_timeout_stops_the_worker_at_start_up_naming_the_setting()
    {
        await using var worker = new WorkerHarness(s => s["CacheSync:Health:Timeout"] = "00:00:00");
        var ex = Assert.ThrowsAsync<OptionsValidationException>(worker.StartAsync);
        Assert.That(ex!.Message, Does.Contain("CacheSync:Health:Timeout"));
    }

    [Test]
    public async Task A_port_in_use_stops_the_worker_at_start_up_naming_the_setting()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var worker = new WorkerHarness(s => s["CacheSync:Health:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var ex = Assert.ThrowsAsync<CacheSync.Core.StartupCheckException>(worker.StartAsync);
        Assert.That(ex!.Message, Does.Contain("CacheSync:Health:Port"));
    }

    [Test]
    public async Task Disabled_serves_nothing()
    {
        await using var worker = new WorkerHarness(s => s["CacheSync:Health:Enabled"] = "false");
        await worker.StartAsync();
        Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(new Uri(worker.HealthUrl, "/health/live")));
    }
}
