using System.Globalization;
using System.Text;
using CacheSync.Stores.Cassandra.Cql;

namespace CacheSync.Stores.Cassandra.Tests.Protocol;

/// <summary>
/// Helpers to write expected wire bytes by hand, as the spec (native_protocol_v4.spec) lays them out:
/// <c>Hex("00 0B", Ascii("CQL_VERSION"))</c>. Nothing here calls the code under test's encoders.
/// </summary>
internal static class Wire
{
    /// <summary>Concatenates hex fragments; spaces and line breaks are ignored.</summary>
    public static byte[] Hex(params string[] parts)
    {
        var digits = new StringBuilder();
        foreach (var part in parts)
        {
            foreach (var c in part)
            {
                if (!char.IsWhiteSpace(c)) digits.Append(c);
            }
        }

        if (digits.Length % 2 != 0) throw new ArgumentException($"Odd number of hex digits in '{digits}'.", nameof(parts));
        var bytes = new byte[digits.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(digits.ToString(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    /// <summary>The hex of an ASCII text (each character one byte), to spell out [string] contents readably.</summary>
    public static string Ascii(string text)
    {
        var hex = new StringBuilder();
        foreach (var c in text)
        {
            if (c > 0x7F) throw new ArgumentException($"'{text}' is not ASCII; write its UTF-8 bytes by hand.", nameof(text));
            hex.Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)).Append(' ');
        }

        return hex.ToString();
    }

    /// <summary>The header of a response frame (version 0x84) around <paramref name="body"/>.</summary>
    public static FrameHeader Response(Opcode opcode, byte[] body, FrameFlags flags = FrameFlags.None, short stream = 0) =>
        new(FrameHeader.ResponseVersion, flags, stream, opcode, body.Length);

    /// <summary>Decodes a response body with a plain (flag-less) v4 response header.</summary>
    public static CqlResponse Decode(Opcode opcode, byte[] body, FrameFlags flags = FrameFlags.None) =>
        ResponseDecoder.Decode(Response(opcode, body, flags), body);

    /// <summary>Decodes an ERROR body and returns the exception it is turned into.</summary>
    public static CqlServerException DecodeError(byte[] body)
    {
        try
        {
            ResponseDecoder.Decode(Response(Opcode.Error, body), body);
        }
        catch (CqlServerException e)
        {
            return e;
        }

        throw new AssertionException("An ERROR frame was decoded without throwing a CqlServerException.");
    }

    public static byte[] Bytes(this CqlRequest request) => request.Body.ToArray();

    public static byte[] Bytes(this CqlValue value) => value.Bytes.ToArray();

    public static byte[] Bytes(this CqlWriter writer) => writer.ToArray();
}
