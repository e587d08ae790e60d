using System.Threading.Channels;
using CacheSync.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CacheSync.Stores.Sqlite;

/// <summary>
/// Group commit: writes from all of a worker's concurrent consumers queue here, and one writer applies whatever has
/// queued up in a single transaction, one fenced statement per write, in arrival order. Every write is still on
/// disk (synchronous=FULL) before its caller hears back, but the fsync is paid once per batch instead of once per
/// write, which is what bounded a worker's throughput (a profile showed the writer thread in COMMIT all the time).
/// </summary>
/// <remarks>
/// Statements in one transaction see each other, so two writes to the same key in a batch are fenced exactly as if
/// they had been committed one after the other. A failure that belongs to the database (locked, read-only, disk
/// full) fails the whole batch at once and each caller retries as before; a failure that could belong to one
/// record is retried write by write, so one bad record never fails its neighbours.
/// </remarks>
internal sealed class SqliteWriteBatcher : IDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly Task _writer;
    private readonly Dictionary<string, FencedWriteStatements> _statements = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    public SqliteWriteBatcher(string connectionString, TimeSpan busyTimeout)
    {
        _connectionString = connectionString;
        _busyTimeout = busyTimeout;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task<StoreWriteResult> WriteAsync(string table, string key, long version, string? dataJson, bool deleted, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var write = new PendingWrite(table, key, version, dataJson, deleted, ct);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), typeof(SqliteRecordStore));
        return write.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                // A caller that gave up before its write started gets its cancellation, and nothing is written.
                if (write.CancellationToken.IsCancellationRequested) write.Completion.TrySetCanceled(write.CancellationToken);
                else batch.Add(write);
            }

            if (batch.Count > 0) Commit(batch);
        }

        CloseConnection();
    }

    private void Commit(List<PendingWrite> batch)
    {
        try
        {
            var results = WriteInOneTransaction(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
        }
#pragma warning disable CA1031 // Whatever fails, every caller must hear about it and the writer must live on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            CloseConnection();
            if (batch.Count > 1 && MayBelongToOneRecord(ex))
            {
                foreach (var write in batch) Commit([write]);
                return;
            }

            foreach (var write in batch) write.Completion.TrySetException(ex);
        }
    }

    private StoreWriteResult[] WriteInOneTransaction(List<PendingWrite> batch)
    {
        var connection = _connection ??= Open();

        // BEGIN IMMEDIATE: take the write lock first, so each row read here is the row its fenced write replaces.
        using var transaction = connection.BeginTransaction(deferred: false);
        var results = new StoreWriteResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            if (!_statements.TryGetValue(write.Table, out var statements))
            {
                _statements[write.Table] = statements = new FencedWriteStatements(connection, write.Table);
            }

            results[i] = statements.Write(transaction, write.Key, write.Version, write.DataJson, write.Deleted);
        }

        transaction.Commit();
        return results;
    }

    /// <summary>Constraint, size and type errors could be one record's; locks, I/O, a full disk or a read-only file are the database's.</summary>
    private static bool MayBelongToOneRecord(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) is 18 /* TOOBIG */ or 19 /* CONSTRAINT */ or 20 /* MISMATCH */ or 25 /* RANGE */;

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var busyTimeout = connection.CreateCommand();
            busyTimeout.CommandText = $"PRAGMA busy_timeout={(int)_busyTimeout.TotalMilliseconds};";
            busyTimeout.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CloseConnection()
    {
        foreach (var statements in _statements.Values) statements.Dispose();
        _statements.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();

        // Writes already queued are finished, not dropped: their callers are waiting for the outcome.
        _writer.Wait(TimeSpan.FromSeconds(30));
    }

    private sealed class PendingWrite(string table, string key, long version, string? dataJson, bool deleted, CancellationToken ct)
    {
        public string Table { get; } = table;
        public string Key { get; } = key;
        public long Version { get; } = version;
        public string? DataJson { get; } = dataJson;
        public bool Deleted { get; } = deleted;
        public CancellationToken CancellationToken { get; } = ct;

        // Callers' continuations must not run on the writer: it would stall the next batch behind their work.
        public TaskCompletionSource<StoreWriteResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
