using System.Text.Encodings.Web;
using System.Text.Json;

namespace CacheSync.Cli;

/// <summary>How the CLI writes JSON: compact, one value per line, without escaping what needs none.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
