using System.Text;
using CacheSync.Contracts;
using Microsoft.Data.Sqlite;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace CacheSync.Demo;

/// <summary>Reads back Redis, the SQLite store and the DLQ, and checks them against the script.</summary>
internal sealed class DemoReport
{
    private readonly DemoSettings _settings;
    private readonly DemoScript _script;
    private readonly IDatabase _redis;

    public DemoReport(DemoSettings settings, DemoScript script, IDatabase redis)
    {
        _settings = settings;
        _script = script;
        _redis = redis;
    }

    public async Task<bool> WaitUntilSettledAsync(IConnection connection, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (await IsSettledAsync(connection, ct)) return true;
            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return false;
    }

    public async Task PrintAsync(IConnection connection, string listKey, CancellationToken ct)
    {
        Console.WriteLine("Redis (hash fields: version, state, data; TTL in seconds)");
        foreach (var key in _script.UserModelKeys.Select(k => $"user_model:{k}").Concat(_script.AuditKeys.Select(k => $"audit_entry:{k}")).Append(listKey))
        {
            var fields = (await _redis.HashGetAllAsync(key)).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
            var ttl = await _redis.KeyTimeToLiveAsync(key);
            Console.WriteLine(fields.Count == 0
                ? $"  {key,-34} (no entry)"
                : $"  {key,-34} version={Get(fields, "version"),-3} state={Get(fields, "state"),-11} ttl={(ttl is { } t ? ((int)t.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none"),-5} " +
                  (fields.TryGetValue("invalidated_by", out var by) ? $"invalidated_by={by}" : $"data={Get(fields, "data")}"));
        }

        Console.WriteLine();
        Console.WriteLine($"Store (SQLite {_settings.SqlitePath})");
        foreach (var (table, key) in _script.UserModelKeys.Select(k => ("user_model", k)).Concat(_script.AuditKeys.Select(k => ("audit_entry", k))))
        {
            var row = ReadRow(table, key);
            Console.WriteLine(row is null
                ? $"  {table}/{key,-24} (no row)"
                : $"  {table}/{key,-24} version={row.Value.Version,-3} {(row.Value.Deleted ? "deleted (tombstone)" : "data=" + row.Value.Data)}");
        }

        Console.WriteLine();
        Console.WriteLine($"Dead-letter queue {_settings.DeadLetterQueue} (this run's messages)");
        foreach (var letter in await PeekDeadLettersAsync(connection, ct))
        {
            Console.WriteLine($"  {letter.Id,-22} reason={letter.Reason,-18} {letter.Detail}");
        }
    }

    private async Task<bool> IsSettledAsync(IConnection connection, CancellationToken ct)
    {
        var ada = ReadRow("user_model", _script.UserModelKeys[0]);
        var bob = ReadRow("user_model", _script.UserModelKeys[1]);
        var audit = ReadRow("audit_entry", _script.AuditKeys[0]);
        if (ada?.Version != 3 || bob is not { Deleted: true } || audit is null) return false;
        var letters = await PeekDeadLettersAsync(connection, ct);
        return _script.ExpectedDeadLetters.All(id => letters.Any(l => l.Id == id));
    }

    private (long Version, string? Data, bool Deleted)? ReadRow(string table, string key)
    {
        if (!File.Exists(_settings.SqlitePath)) return null;
        using var connection = new SqliteConnection($"Data Source={_settings.SqlitePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version, data, deleted FROM \"{table}\" WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        try
        {
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) != 0) : null;
        }
        catch (SqliteException)
        {
            return null; // the worker has not created the table yet
        }
    }

    /// <summary>
    /// Reads the DLQ without consuming it: messages are fetched unacknowledged and returned to the queue when
    /// the temporary channel closes.
    /// </summary>
    private async Task<List<(string Id, string Reason, string Detail)>> PeekDeadLettersAsync(IConnection connection, CancellationToken ct)
    {
        var found = new List<(string, string, string)>();
        await using var peek = await connection.CreateChannelAsync(cancellationToken: ct);
        for (var i = 0; i < 10_000; i++)
        {
            var message = await peek.BasicGetAsync(_settings.DeadLetterQueue, autoAck: false, ct);
            if (message is null) break;
            var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            var id = IdOf(message.Body.Span, message.BasicProperties.MessageId);
            if (id.StartsWith(_script.RunId, StringComparison.Ordinal))
            {
                found.Add((id, Text(headers, DeadLetterHeaders.Reason), Text(headers, DeadLetterHeaders.Detail)));
            }
        }

        await peek.CloseAsync(ct);
        return found;
    }

    private string IdOf(ReadOnlySpan<byte> body, string? messageId)
    {
        var decoded = WriteEventDecoder.Decode(body.ToArray());
        if (decoded.IsValid) return decoded.Event.Id;
        var text = Encoding.UTF8.GetString(body);
        var marker = $"\"id\":\"{_script.RunId}";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? text.Substring(at + 6, text.IndexOf('"', at + 6) - (at + 6)) : messageId ?? "?";
    }

    private static string Text(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => string.Empty,
            _ => value.ToString() ?? string.Empty,
        } : string.Empty;

    private static string Get(Dictionary<string, string> fields, string name) => fields.TryGetValue(name, out var v) ? v : "-";
}
