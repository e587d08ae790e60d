using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CacheSync.Bench.Probe;

/// <summary>
/// Watches the worker's own <c>cachesync.events</c> counter with a <see cref="MeterListener"/> (so the count is
/// the worker's decisions, not our guess from the outside) and answers each loopback connection with one line:
/// <c>decided first last allocated workingSet peakWorkingSet gen0 gen1 gen2 cpuMicroseconds</c>, timestamps in
/// <see cref="Stopwatch"/> ticks (CLOCK_MONOTONIC on Linux, so comparable across processes).
/// </summary>
public sealed class WorkerProbe : IDisposable
{
    public const string PortVariable = "CACHESYNC_BENCH_PROBE_PORT";

    private const string MeterName = "CacheSync.Worker";
    private const string EventsInstrument = "cachesync.events";

    private readonly MeterListener _listener = new();
    private long _decided;
    private long _firstDecision;
    private long _lastDecision;

    private WorkerProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == EventsInstrument) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnEvents);
        _listener.Start();
    }

    /// <summary>Starts listening on <paramref name="port"/>; the listener thread keeps the probe alive.</summary>
    public static void Start(int port)
    {
        var probe = new WorkerProbe();
        var server = new TcpListener(IPAddress.Loopback, port);
        server.Start();
        new Thread(() => probe.Serve(server)) { IsBackground = true, Name = "bench-probe" }.Start();
    }

    /// <summary>The probe lives as long as the worker process; this is for completeness.</summary>
    public void Dispose() => _listener.Dispose();

    private void OnEvents(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        // "retried" counts extra attempts, not messages: only final decisions say a message is done.
        foreach (var tag in tags)
        {
            if (tag.Key == "outcome" && tag.Value is "retried") return;
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstDecision, now, 0);
        long last;
        do { last = Volatile.Read(ref _lastDecision); } while (now > last && Interlocked.CompareExchange(ref _lastDecision, now, last) != last);
        Interlocked.Add(ref _decided, value);
    }

    private void Serve(TcpListener server)
    {
        while (true)
        {
            try
            {
                using var client = server.AcceptTcpClient();
                using var stream = client.GetStream();
                stream.Write(Encoding.ASCII.GetBytes(Sample() + "\n"));
            }
            catch (IOException)
            {
                // The bench hung up early; the next connection gets its answer.
            }
            catch (SocketException)
            {
            }
        }
    }

    private string Sample() => string.Join(' ',
        Interlocked.Read(ref _decided),
        Interlocked.Read(ref _firstDecision),
        Interlocked.Read(ref _lastDecision),
        GC.GetTotalAllocatedBytes(precise: true),
        Environment.WorkingSet,
        PeakWorkingSetBytes(),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        (long)Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds);

    /// <summary>VmHWM from /proc/self/status: the kernel's own high-water mark of resident memory.</summary>
    private static long PeakWorkingSetBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
