using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CacheSync.Bench.EndToEnd;

/// <summary>One answer of the probe inside a worker process (see CacheSync.Bench.Probe.WorkerProbe).</summary>
internal sealed record ProbeSample(
    long Decided, long FirstDecision, long LastDecision, long AllocatedBytes, long WorkingSetBytes, long PeakWorkingSetBytes,
    int Gen0, int Gen1, int Gen2, long CpuMicroseconds)
{
    public static async Task<ProbeSample> ReadAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
        using var reader = new StreamReader(client.GetStream());
        var line = await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? throw new InvalidOperationException("the probe closed without answering");
        var f = line.Split(' ');
        long L(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return new ProbeSample(L(0), L(1), L(2), L(3), L(4), L(5), (int)L(6), (int)L(7), (int)L(8), L(9));
    }
}
