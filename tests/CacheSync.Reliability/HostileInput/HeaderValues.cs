using System.Collections;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace CacheSync.Reliability.HostileInput;

/// <summary>
/// Header values in one comparable spelling, since the wire changes some of their .NET types (a string comes back
/// as bytes, half a surrogate pair as U+FFFD, an empty array as null) while keeping what they say; nested tables
/// and arrays included.
/// </summary>
internal static class HeaderValues
{
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string text => "S:" + Convert.ToHexString(Encoding.UTF8.GetBytes(text)),
        byte[] bytes => "S:" + Convert.ToHexString(bytes),
        BinaryTableValue binary => "x:" + Convert.ToHexString(binary.Bytes),
        AmqpTimestamp timestamp => "T:" + timestamp.UnixTime.ToString(CultureInfo.InvariantCulture),

        // RabbitMQ.Client 7 reads an empty array or table in a header as null, before any CacheSync code sees it.
        ICollection { Count: 0 } => "null",
        IDictionary<string, object?> table => "{" + string.Join(",", table.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={Describe(e.Value)}")) + "}",
        IList list => "[" + string.Join(",", list.Cast<object?>().Select(Describe)) + "]",
        IFormattable number => value.GetType().Name + ":" + number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };
}
