using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CacheSync.Stores.Cassandra;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Bench.Micro;

/// <summary>
/// What the Cassandra store spends turning one upsert into bytes for the socket, with no network: binding the
/// values, encoding the request with our client's <c>RequestEncoder</c>/<c>CqlWriter</c>, and framing it.
/// </summary>
/// <remarks>
/// The steps are the store's own calls in its own order (<c>RecordTable.WriteAsync</c>, <c>NamedStatementTable.WriteAsync</c>,
/// <c>CqlSession</c>'s client timestamp); the last step repeats the three lines of <c>CqlConnection.WriteFrameAsync</c>
/// that put the 9-byte header and the body into one array, since that method also writes to the socket.
/// </remarks>
[MemoryDiagnoser]
public class CqlFrameEncodingBenchmarks
{
    // As CassandraRecordStore builds them from the default options.
    private static readonly QueryParameters StoreParameters = new(Consistency.LocalQuorum, SerialConsistency: Consistency.LocalSerial);

    private PreparedStatement _recordUpsert = null!;
    private PreparedStatement _modelUpsert = null!;
    private PreparedStatement _modelsByUserUpsert = null!;
    private string _dataJson = null!;
    private string _replacedDataJson = null!;
    private long _clientTimestamp;

    [Params(SamplePayloads.Small, SamplePayloads.Medium, SamplePayloads.Large)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _recordUpsert = SampleStatements.RecordUpsert();
        _modelUpsert = SampleStatements.PreparedModelUpsert();
        _modelsByUserUpsert = SampleStatements.PreparedModelsByUserUpsert();
        _dataJson = SamplePayloads.DataJson(PayloadBytes);
        _replacedDataJson = _dataJson;
        _clientTimestamp = SamplePayloads.Version;
    }

    /// <summary>An update of the built-in record table: EXECUTE of the prepared UPDATE … USING TIMESTAMP, six values.</summary>
    [Benchmark]
    public byte[] ExecuteRecordUpsert()
    {
        const long version = SamplePayloads.Version;
        var values = _recordUpsert.Bind(version, version, _dataJson, false, _replacedDataJson, SamplePayloads.Key);
        var parameters = StoreParameters with { Values = values };
        parameters = parameters with { Timestamp = ++_clientTimestamp };
        return Frame(RequestEncoder.Execute(_recordUpsert.Id, parameters));
    }

    /// <summary>An upsert of an entity with named statements: a logged BATCH of the record and its lookup row, bound from the data.</summary>
    [Benchmark]
    public byte[] BatchNamedUpserts()
    {
        using var document = JsonDocument.Parse(_dataJson);
        var data = document.RootElement;
        var entries = new List<BatchEntry>(2)
        {
            BatchEntry.Of(_modelUpsert, EventValueBinder.Bind(SampleStatements.ModelUpsert, _modelUpsert, SamplePayloads.Key, SamplePayloads.Version, data)),
            BatchEntry.Of(_modelsByUserUpsert, EventValueBinder.Bind(SampleStatements.ModelsByUserUpsert, _modelsByUserUpsert, SamplePayloads.Key, SamplePayloads.Version, data)),
        };
        var request = RequestEncoder.Batch(BatchType.Logged, entries.ToArray(), StoreParameters.Consistency, Consistency.LocalSerial, ++_clientTimestamp);
        return Frame(request);
    }

    private static byte[] Frame(CqlRequest request)
    {
        var header = new FrameHeader(FrameHeader.RequestVersion, FrameFlags.None, Stream: 1, request.Opcode, request.Body.Length);
        var frame = new byte[FrameHeader.Size + request.Body.Length];
        header.WriteTo(frame);
        request.Body.Span.CopyTo(frame.AsSpan(FrameHeader.Size));
        return frame;
    }
}
