using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra;

/// <summary>A row read by a named Read statement, as the record's JSON data: one property per column but <c>version</c>.</summary>
internal static class RowJson
{
    public static string ToJson(CqlRow row, string skipColumn)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < row.Count; i++)
            {
                var column = row.Columns[i];
                if (string.Equals(column.Name, skipColumn, StringComparison.Ordinal)) continue;
                writer.WritePropertyName(column.Name);
                WriteValue(writer, row[i]);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case long number: writer.WriteNumberValue(number); break;
            case int number: writer.WriteNumberValue(number); break;
            case short number: writer.WriteNumberValue(number); break;
            case sbyte number: writer.WriteNumberValue(number); break;
            case double number: writer.WriteNumberValue(number); break;
            case float number: writer.WriteNumberValue(number); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case DateTimeOffset instant: writer.WriteStringValue(instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture)); break;
            case Guid id: writer.WriteStringValue(id); break;
            case IPAddress address: writer.WriteStringValue(address.ToString()); break;
            case System.Numerics.BigInteger big: writer.WriteRawValue(big.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case System.Collections.IDictionary map:
                writer.WriteStartObject();
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!);
                    WriteValue(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
