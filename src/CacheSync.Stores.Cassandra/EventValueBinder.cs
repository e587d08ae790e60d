using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;
using CacheSync.Core.Storage;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra;

/// <summary>
/// Binds a named statement's placeholders from an event, converting each value to the type the server reported
/// for its bind marker. A data field the event lacks is bound as "not set" (the column keeps its value, and no
/// tombstone is written); an explicit JSON null writes null. A value that cannot become its column's type rejects
/// the record for good (it goes to the DLQ), since no retry would change it.
/// </summary>
internal static class EventValueBinder
{
    public static IReadOnlyList<CqlValue> Bind(NamedStatement statement, PreparedStatement prepared, string key, long version, JsonElement? data)
    {
        // The statement itself was checked against its prepared form (NamedStatementVerifier); what can fail here
        // is this event's values.
        var columns = prepared.Variables.Columns;

        var values = new CqlValue[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var parameter = statement.Parameters[i];
            var type = columns[i].Type;
            try
            {
                values[i] = parameter.Kind switch
                {
                    StatementParameterKind.Key => CqlValueCodec.Serialize(FromText(key, type), type),
                    StatementParameterKind.Version => CqlValueCodec.Serialize(version, type),
                    StatementParameterKind.Data => data is { } whole ? FromJson(whole, type) : CqlValue.NotSet,
                    _ => Field(data, parameter.DataPath!) is { } field ? FromJson(field, type) : CqlValue.NotSet,
                };
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or InvalidOperationException)
            {
                throw new RecordRejectedException($"{parameter.Name} cannot be bound to column '{columns[i].Name}' ({type}) of '{statement}': {e.Message}", e);
            }
        }

        return values;
    }

    private static JsonElement? Field(JsonElement? data, string[] path)
    {
        if (data is not { ValueKind: JsonValueKind.Object } current) return null;
        foreach (var part in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current)) return null;
        }

        return current;
    }

    private static CqlValue FromJson(JsonElement value, CqlType type)
    {
        if (value.ValueKind == JsonValueKind.Null) return CqlValue.Null;
        var converted = type.Code switch
        {
            // A text column takes a string as it is, and any other JSON (numbers, objects) as its JSON text.
            CqlTypeCode.Varchar or CqlTypeCode.Ascii => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
            CqlTypeCode.Boolean => value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException($"expected true or false, found {value.ValueKind}"),
            },
            CqlTypeCode.Double => Finite(value.GetDouble()),
            CqlTypeCode.Float => (float)Finite(value.GetSingle()),
            CqlTypeCode.Timestamp => value.ValueKind == JsonValueKind.Number
                ? value.GetInt64()
                : DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            CqlTypeCode.Blob => value.GetBytesFromBase64(),
            _ => FromText(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), type),
        };
        return CqlValueCodec.Serialize(converted, type);
    }

    // System.Text.Json reads 1e400 as infinity; JSON has no infinity, so such a number is out of range, not ∞.
    private static double Finite(double value) => double.IsFinite(value) ? value : throw new OverflowException("the number is outside the column type's range");

    /// <summary>Text (an event key, a JSON number or string) as a value of a key-like column type.</summary>
    private static object FromText(string text, CqlType type) => type.Code switch
    {
        CqlTypeCode.Varchar or CqlTypeCode.Ascii => text,
        CqlTypeCode.Bigint or CqlTypeCode.Counter => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        CqlTypeCode.Int => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        CqlTypeCode.Smallint => short.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        CqlTypeCode.Tinyint => sbyte.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        CqlTypeCode.Varint => BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        CqlTypeCode.Uuid or CqlTypeCode.Timeuuid => Guid.Parse(text, CultureInfo.InvariantCulture),
        CqlTypeCode.Inet => IPAddress.Parse(text),
        _ => throw new FormatException($"binding to a {type} column is not supported"),
    };
}
