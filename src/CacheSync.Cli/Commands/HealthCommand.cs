using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Spectre.Console;

namespace CacheSync.Cli.Commands;

/// <summary>
/// <c>cachesync health [--url http://localhost:8080]</c>: the worker's readiness (<c>/health/ready</c>) as a table of
/// its checks and the overall status. Exit 0 when healthy, 7 when not, 3 when the endpoint cannot be reached.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(GlobalOptions global, CliOutput output)
    {
        var url = new Option<string?>("--url")
        {
            Description = "The worker's health endpoint (default: http://localhost:<CacheSync:Health:Port>, port 8080 when not set).",
        };
        var command = new Command("health", "Ask a worker whether it is ready: RabbitMQ, Redis and the store, and the overall status.");
        command.Options.Add(url);
        command.SetAction(async (parse, ct) =>
        {
            var baseUrl = BaseUrl(parse.GetValue(url), () => global.Settings(parse).Configuration["CacheSync:Health:Port"]);
            var ready = new Uri(baseUrl, "health/ready");
            var (status, body) = await GetAsync(ready, ct).ConfigureAwait(false);
            var report = Parse(ready, status, body);

            var table = new Table().AddColumn("check").AddColumn("status").AddColumn("description");
            foreach (var check in report.Checks)
            {
                var color = check.Status == "Healthy" ? "green" : "red";
                table.AddRow(Markup.Escape(check.Name), $"[{color}]{Markup.Escape(check.Status)}[/]", Markup.Escape(check.Description));
            }

            output.Console.Write(table);
            output.Line($"status: {report.Status}");
            return report.Status == "Healthy" && status == HttpStatusCode.OK ? ExitCodes.Success : ExitCodes.Unhealthy;
        });
        return command;
    }

    private static Uri BaseUrl(string? url, Func<string?> configuredPort)
    {
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var given) || given.Scheme is not ("http" or "https"))
            {
                throw new CliException(ExitCodes.Usage, $"--url: '{url}' is not an http:// or https:// URL.");
            }

            // The endpoints live at /health/…, below whatever path was given.
            return new Uri(given.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        }

        var portText = configuredPort();
        if (portText is null) return new Uri("http://localhost:8080/");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliException(ExitCodes.Usage, $"CacheSync:Health:Port: must be between 1 and 65535, not '{portText}'.");
        }

        return new Uri($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri ready, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = RequestTimeout };
        try
        {
            using var response = await http.GetAsync(ready, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.BrokerUnavailable, $"the health endpoint {ready} cannot be reached: {OneLine(e.Message)}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.BrokerUnavailable, $"the health endpoint {ready} did not answer within {RequestTimeout.TotalSeconds:0} s.", e);
        }
    }

    private static HealthReport Parse(Uri ready, HttpStatusCode status, string body)
    {
        if (status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                var overall = root.GetProperty("status").GetString() ?? "Unhealthy";
                var checks = new List<HealthCheck>();
                if (root.TryGetProperty("checks", out var entries))
                {
                    foreach (var entry in entries.EnumerateObject())
                    {
                        checks.Add(new HealthCheck(
                            entry.Name,
                            entry.Value.TryGetProperty("status", out var s) ? s.GetString() ?? "?" : "?",
                            entry.Value.TryGetProperty("description", out var d) ? d.GetString() ?? string.Empty : string.Empty));
                    }
                }

                return new HealthReport(overall, checks);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // Not a CacheSync health report: reported below.
            }
        }

        throw new CliException(ExitCodes.BrokerUnavailable, $"{ready} answered {(int)status} {status}, not a CacheSync health report.");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private sealed record HealthReport(string Status, IReadOnlyList<HealthCheck> Checks);

    private sealed record HealthCheck(string Name, string Status, string Description);
}
